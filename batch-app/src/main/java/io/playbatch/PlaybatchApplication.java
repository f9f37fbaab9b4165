package io.playbatch; public class PlaybatchApplication { public static void main(String[] a){} }
