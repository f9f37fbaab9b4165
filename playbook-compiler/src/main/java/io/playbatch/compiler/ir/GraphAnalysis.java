package io.playbatch.compiler.ir;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The structural analysis of a workflow graph: cycles, reachability from {@code start}, and the
 * series-parallel shape docs/dsl.md requires of parallel splits (each split joins at one step that
 * all branches reach, with no step of a branch reachable from another branch except through that
 * join, or all branches end and the split joins at the end of the run). Also computes, for every
 * node, the steps guaranteed to have finished before it starts, counting exclusive choices as
 * alternatives and parallel branches as all having run. Immutable result; O(n²/64) memory.
 */
public final class GraphAnalysis {

    private final PlaybookGraph graph;
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final List<List<Edge>> out = new ArrayList<>();
    private final List<List<Edge>> in = new ArrayList<>();
    private final List<GraphProblem> problems = new ArrayList<>();
    private final List<Split> splits = new ArrayList<>();
    private List<Integer> topological = List.of();
    private BitSet[] reach;
    private int[] position;
    private BitSet[] finished;

    private GraphAnalysis(PlaybookGraph graph) {
        this.graph = graph;
        for (StepNode node : graph.nodes()) {
            index.put(node.name(), names.size());
            names.add(node.name());
            out.add(new ArrayList<>());
            in.add(new ArrayList<>());
        }
        for (Edge edge : graph.edges()) {
            if (edge.kind() == EdgeKind.RESOURCE) {
                continue; // a data dependency, not a transition: resource nodes run right after start
            }
            Integer from = index.get(edge.from());
            Integer to = index.get(edge.to());
            if (from != null && to != null) {
                out.get(from).add(edge);
                in.get(to).add(edge);
            }
        }
    }

    /** Analyses a graph whose edges only name existing nodes. Never throws for a bad shape. */
    public static GraphAnalysis of(PlaybookGraph graph) {
        GraphAnalysis analysis = new GraphAnalysis(graph);
        analysis.run();
        return analysis;
    }

    public List<GraphProblem> problems() {
        return List.copyOf(problems);
    }

    /** The parallel splits, in file order of their source node; empty when the graph has problems. */
    public List<Split> splits() {
        return List.copyOf(splits);
    }

    /**
     * Whether {@code step} is guaranteed to have finished when {@code node} starts (false when the
     * graph had problems and the analysis could not run).
     */
    public boolean finishedBefore(String step, String node) {
        Integer s = index.get(step);
        Integer n = index.get(node);
        return finished != null && s != null && n != null && finished[n] != null && finished[n].get(s);
    }

    private void run() {
        if (!index.containsKey("start")) {
            return;
        }
        if (!sortTopologically()) {
            return;
        }
        computeReach();
        int start = index.get("start");
        for (int i = 0; i < names.size(); i++) {
            if (i != start && !reach[start].get(i)) {
                StepNode node = graph.nodes().get(i);
                problems.add(new GraphProblem(GraphProblem.Kind.UNREACHABLE, node.name(),
                        "step `" + node.name() + "` is not reachable from `start`", node.position()));
            }
        }
        if (!problems.isEmpty()) {
            return;
        }
        findSplits();
        if (problems.isEmpty()) {
            computeFinished();
        }
    }

    /** Kahn's algorithm, picking the earliest node in file order first; reports one cycle if any. */
    private boolean sortTopologically() {
        int n = names.size();
        int[] indegree = new int[n];
        for (int i = 0; i < n; i++) {
            for (Edge e : out.get(i)) {
                indegree[index.get(e.to())]++;
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (indegree[i] == 0) {
                ready.add(i);
            }
        }
        List<Integer> order = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int node = ready.poll();
            order.add(node);
            for (Edge e : out.get(node)) {
                int to = index.get(e.to());
                if (--indegree[to] == 0) {
                    ready.add(to);
                }
            }
        }
        if (order.size() == n) {
            topological = order;
            position = new int[n];
            for (int i = 0; i < n; i++) {
                position[order.get(i)] = i;
            }
            return true;
        }
        reportCycle(indegree);
        return false;
    }

    private void reportCycle(int[] indegree) {
        // Walk backwards along remaining edges until a node repeats: that closes a cycle.
        int current = -1;
        for (int i = 0; i < indegree.length && current < 0; i++) {
            if (indegree[i] > 0) {
                current = i;
            }
        }
        List<Integer> path = new ArrayList<>();
        Map<Integer, Integer> seenAt = new HashMap<>();
        while (!seenAt.containsKey(current)) {
            seenAt.put(current, path.size());
            path.add(current);
            int next = -1;
            for (Edge e : in.get(current)) {
                int from = index.get(e.from());
                if (indegree[from] > 0) {
                    next = from;
                    break;
                }
            }
            current = next;
        }
        List<Integer> cycle = new ArrayList<>(path.subList(seenAt.get(current), path.size()));
        Collections.reverse(cycle);
        // Report at the edge that returns to the cycle's earliest step in file order.
        int first = cycle.stream().min(Integer::compare).orElseThrow();
        int pos = cycle.indexOf(first);
        List<Integer> rotated = new ArrayList<>(cycle.subList(pos, cycle.size()));
        rotated.addAll(cycle.subList(0, pos));
        int last = rotated.get(rotated.size() - 1);
        Edge closing = out.get(last).stream().filter(e -> e.to().equals(names.get(first))).findFirst().orElseThrow();
        StringBuilder text = new StringBuilder();
        for (int node : rotated) {
            text.append('`').append(names.get(node)).append("` -> ");
        }
        text.append('`').append(names.get(first)).append('`');
        problems.add(new GraphProblem(GraphProblem.Kind.CYCLE, names.get(first),
                "the workflow has a cycle: " + text, closing.position()));
    }

    private void computeReach() {
        int n = names.size();
        reach = new BitSet[n];
        for (int k = topological.size() - 1; k >= 0; k--) {
            int node = topological.get(k);
            BitSet set = new BitSet(n);
            for (Edge e : out.get(node)) {
                int to = index.get(e.to());
                set.set(to);
                set.or(reach[to]);
            }
            reach[node] = set;
        }
    }

    private BitSet reachInclusive(int node) {
        BitSet set = (BitSet) reach[node].clone();
        set.set(node);
        return set;
    }

    private void findSplits() {
        for (int i = 0; i < names.size(); i++) {
            Map<Integer, List<Edge>> groups = new TreeMap<>();
            for (Edge e : out.get(i)) {
                if (e.kind() == EdgeKind.NEXT) {
                    groups.computeIfAbsent(-1, k -> new ArrayList<>()).add(e);
                } else if (e.kind() == EdgeKind.WHEN || e.kind() == EdgeKind.ELSE) {
                    groups.computeIfAbsent(e.caseIndex(), k -> new ArrayList<>()).add(e);
                }
            }
            for (Map.Entry<Integer, List<Edge>> group : groups.entrySet()) {
                Set<String> targets = new LinkedHashSet<>();
                group.getValue().forEach(e -> targets.add(e.to()));
                if (targets.size() > 1) {
                    analyseSplit(i, group.getKey(), List.copyOf(targets), group.getValue().get(0));
                }
            }
        }
    }

    private void analyseSplit(int from, int caseIndex, List<String> branches, Edge at) {
        int n = names.size();
        List<BitSet> reached = new ArrayList<>();
        for (String branch : branches) {
            reached.add(reachInclusive(index.get(branch)));
        }
        BitSet common = (BitSet) reached.get(0).clone();
        reached.forEach(common::and);
        String where = caseIndex < 0 ? "the split after `" + names.get(from) + "`"
                : "the split in case " + caseIndex + " of `" + names.get(from) + "`";
        Integer join = null;
        BitSet afterJoin = new BitSet(n);
        if (!common.isEmpty()) {
            // The earliest common step in topological order is a candidate; it is the join only if
            // it leads to every other common step (the quadratic search runs only to report an error).
            int earliest = common.nextSetBit(0);
            for (int c = common.nextSetBit(0); c >= 0; c = common.nextSetBit(c + 1)) {
                if (position[c] < position[earliest]) {
                    earliest = c;
                }
            }
            BitSet outside = (BitSet) common.clone();
            outside.andNot(reachInclusive(earliest));
            List<Integer> minimal = new ArrayList<>(List.of(earliest));
            if (!outside.isEmpty()) {
                for (int c = outside.nextSetBit(0); c >= 0; c = outside.nextSetBit(c + 1)) {
                    boolean reachedFromCommon = false;
                    for (int d = common.nextSetBit(0); d >= 0 && !reachedFromCommon; d = common.nextSetBit(d + 1)) {
                        reachedFromCommon = d != c && reach[d].get(c);
                    }
                    if (!reachedFromCommon) {
                        minimal.add(c);
                    }
                }
            }
            if (minimal.size() > 1) {
                problems.add(new GraphProblem(GraphProblem.Kind.UNJOINED_SPLIT, names.get(from), where + " ("
                        + quoted(branches) + ") meets again at several steps (" + quotedIdx(minimal)
                        + ") instead of one join step", at.position()));
                return;
            }
            join = minimal.get(0);
            if (branches.contains(names.get(join))) {
                problems.add(new GraphProblem(GraphProblem.Kind.UNJOINED_SPLIT, names.get(from), where + ": `"
                        + names.get(join) + "` is both a branch and the step the other branches join at",
                        at.position()));
                return;
            }
            afterJoin = reachInclusive(join);
        }
        List<Set<String>> regions = new ArrayList<>();
        List<BitSet> regionBits = new ArrayList<>();
        for (BitSet r : reached) {
            BitSet region = (BitSet) r.clone();
            region.andNot(afterJoin);
            regionBits.add(region);
        }
        for (int a = 0; a < branches.size(); a++) {
            for (int b = a + 1; b < branches.size(); b++) {
                BitSet overlap = (BitSet) regionBits.get(a).clone();
                overlap.and(regionBits.get(b));
                if (!overlap.isEmpty()) {
                    List<String> notReaching = new ArrayList<>();
                    int meet = overlap.nextSetBit(0);
                    for (int c = 0; c < branches.size(); c++) {
                        if (!reached.get(c).get(meet)) {
                            notReaching.add(branches.get(c));
                        }
                    }
                    String detail = notReaching.isEmpty() ? "" : ", which " + (notReaching.size() == 1
                            ? "branch " + quoted(notReaching) + " does" : "branches " + quoted(notReaching) + " do")
                            + " not reach";
                    problems.add(new GraphProblem(GraphProblem.Kind.UNJOINED_SPLIT, names.get(from), where
                            + ": branches `" + branches.get(a) + "` and `" + branches.get(b) + "` meet at `"
                            + names.get(meet) + "`" + detail, at.position()));
                    return;
                }
            }
        }
        for (int b = 0; b < branches.size(); b++) {
            BitSet region = regionBits.get(b);
            for (int node = region.nextSetBit(0); node >= 0; node = region.nextSetBit(node + 1)) {
                for (Edge e : out.get(node)) {
                    int to = index.get(e.to());
                    if (!region.get(to) && (join == null || to != join)) {
                        problems.add(new GraphProblem(GraphProblem.Kind.UNJOINED_SPLIT, names.get(from), where
                                + ": branch `" + branches.get(b) + "` continues from `" + names.get(node) + "` to `"
                                + e.to() + "`" + (join == null ? " outside the split"
                                : " past the join `" + names.get(join) + "`"), at.position()));
                        return;
                    }
                }
                for (Edge e : in.get(node)) {
                    int source = index.get(e.from());
                    if (!region.get(source) && !(source == from && names.get(node).equals(branches.get(b)))) {
                        problems.add(new GraphProblem(GraphProblem.Kind.UNJOINED_SPLIT, names.get(from), where
                                + ": step `" + names.get(node) + "` of branch `" + branches.get(b)
                                + "` is also reached from `" + e.from() + "` outside the branch", at.position()));
                        return;
                    }
                }
            }
            Set<String> members = new LinkedHashSet<>();
            for (int node = region.nextSetBit(0); node >= 0; node = region.nextSetBit(node + 1)) {
                members.add(names.get(node));
            }
            regions.add(members);
        }
        splits.add(new Split(names.get(from), caseIndex, branches, regions, join == null ? null : names.get(join)));
    }

    private String quoted(List<String> list) {
        return String.join(", ", list.stream().map(s -> "`" + s + "`").toList());
    }

    private String quotedIdx(List<Integer> list) {
        return quoted(list.stream().map(names::get).toList());
    }

    // ---- steps guaranteed to have finished before each node ----

    private void computeFinished() {
        int n = names.size();
        finished = new BitSet[n];
        for (int node : topological) {
            if (in.get(node).isEmpty()) {
                finished[node] = new BitSet(n);
                continue;
            }
            Set<Integer> sources = new LinkedHashSet<>();
            for (Edge e : in.get(node)) {
                sources.add(index.get(e.from()));
            }
            finished[node] = combine(node, sources, null);
        }
    }

    /**
     * Meets the arrivals at {@code node}: arrivals through a split joining here (or, inside a
     * branch, a split that ends with the branch) are unioned over its branches, since all of them
     * run; other arrivals are alternatives and are intersected.
     */
    private BitSet combine(int node, Set<Integer> sources, BitSet scope) {
        String target = names.get(node);
        List<Split> joining = new ArrayList<>();
        for (Split split : splits) {
            int from = index.get(split.from());
            boolean inScope = scope == null || scope.get(from);
            if (inScope && (target.equals(split.join()) || (scope != null && split.joinsAtEnd()))) {
                joining.add(split);
            }
        }
        joining.sort((a, b) -> Integer.compare(size(b), size(a)));
        BitSet handled = new BitSet(names.size());
        List<BitSet> alternatives = new ArrayList<>();
        for (Split split : joining) {
            int from = index.get(split.from());
            if (handled.get(from)) {
                continue;
            }
            BitSet contribution = (BitSet) finished[from].clone();
            contribution.set(from);
            for (Set<String> region : split.regions()) {
                BitSet regionBits = bits(region);
                Set<Integer> branchSources = new LinkedHashSet<>();
                for (int s : sources) {
                    if (regionBits.get(s)) {
                        branchSources.add(s);
                    }
                }
                branchSources.addAll(terminals(regionBits, node));
                if (!branchSources.isEmpty()) {
                    contribution.or(combine(node, branchSources, regionBits));
                }
                handled.or(regionBits);
            }
            alternatives.add(contribution);
        }
        for (int s : sources) {
            if (!handled.get(s)) {
                BitSet alternative = (BitSet) finished[s].clone();
                alternative.set(s);
                alternatives.add(alternative);
            }
        }
        if (alternatives.isEmpty()) {
            return new BitSet(names.size());
        }
        BitSet result = (BitSet) alternatives.get(0).clone();
        alternatives.forEach(result::and);
        return result;
    }

    private int size(Split split) {
        return split.regions().stream().mapToInt(Set::size).sum();
    }

    /** Steps of a branch region where the branch ends without reaching {@code join}, run failures excluded. */
    private Set<Integer> terminals(BitSet region, int join) {
        Set<Integer> result = new LinkedHashSet<>();
        BitSet innerJoined = new BitSet(names.size());
        for (Split split : splits) {
            int from = index.get(split.from());
            if (region.get(from) && split.join() != null && !split.join().equals(names.get(join))) {
                split.regions().forEach(r -> innerJoined.or(bits(r)));
            }
        }
        for (int node = region.nextSetBit(0); node >= 0; node = region.nextSetBit(node + 1)) {
            boolean continues = out.get(node).stream().anyMatch(e -> e.kind() != EdgeKind.ON_FAILURE);
            if (!continues && !innerJoined.get(node) && !failsRun(node)) {
                result.add(node);
            }
        }
        return result;
    }

    /** A handler reached only through {@code on_failure: {then: fail}} ends the run FAILED. */
    private boolean failsRun(int node) {
        List<Edge> incoming = in.get(node);
        return !incoming.isEmpty() && incoming.stream().allMatch(e -> e.kind() == EdgeKind.ON_FAILURE
                && graph.node(e.from()).map(f -> f.onFailure() != null && !f.onFailure().continueRun()).orElse(false));
    }

    private BitSet bits(Set<String> members) {
        BitSet set = new BitSet(names.size());
        members.forEach(m -> set.set(index.get(m)));
        return set;
    }
}
