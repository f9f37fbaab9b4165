package io.playbatch.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateNestingTest {

    private final TemplateNesting nesting = new TemplateNesting();

    @Test
    void nestedBlocksAndBracketsAddUpAndClosingOnesCountDown() {
        assertThat(nesting.exceeding("#if($a)#foreach($x in $l)${x}#end#end", 3)).isEmpty();
        assertThat(nesting.exceeding("#if($a)#foreach($x in $l)${x}#end#end", 2)).hasValueSatisfying(v -> {
            assertThat(v.kind()).isEqualTo(TemplateViolation.Kind.DEPTH);
            assertThat(v.line()).isEqualTo(1);
            assertThat(v.column()).isEqualTo(16);
        });
        assertThat(nesting.exceeding("#{if}($a)x#{end}".repeat(100), 3)).isEmpty();
    }

    @Test
    void thePositionCountsLinesAndColumns() {
        String text = "#if($a)\n  #if($b)\n    #if($c)x#end\n  #end\n#end";

        assertThat(nesting.exceeding(text, 3)).hasValueSatisfying(v -> {
            assertThat(v.line()).isEqualTo(3);
            assertThat(v.column()).isEqualTo(8);
        });
    }

    @Test
    void escapedDirectivesAndCommentsDoNotNest() {
        assertThat(nesting.exceeding("\\#if \\#foreach ".repeat(10) + "## #if(#if(#if(\n#* #if #if #if *#x", 2)).isEmpty();
    }
}
