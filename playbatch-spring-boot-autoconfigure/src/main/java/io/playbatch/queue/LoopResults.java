package io.playbatch.queue;

/**
 * The results of a loop's iterations as one JSON array ({@code data} of each done iteration, in
 * index order), built by the database, and how many iterations it holds.
 */
public record LoopResults(int count, String json) {
}
