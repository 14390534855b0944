using Portal.Databases.Tests.Support;

namespace Portal.Databases.Tests.Unit;

public sealed class ShellQuoteTests
{
    [Fact]
    public void Single_QuoteAndCommand_EscapedAsOneLiteralWord() =>
        Assert.Equal(@"'a'\''b; rm -rf /'", ShellQuote.Single("a'b; rm -rf /"));

    [Theory]
    [InlineData("a'b; rm -rf /")]
    [InlineData("$(touch /tmp/pwned) `id` ${HOME} $HOME")]
    [InlineData("\"double\" \\back\\slash\\ '' '")]
    [InlineData("* ? [a-z] ~ # & | ; < > ( )")]
    [InlineData("tab\there and Zoë 日本語 🐬")]
    [InlineData("")]
    [InlineData("-n")]
    public async Task Single_HostileValue_ShReceivesItUnchanged(string value)
    {
        var run = await Sh.RunAsync($"printf '%s' {ShellQuote.Single(value)}", new Dictionary<string, string>());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(value, run.Stdout);
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\0b")]
    public void Single_LineBreakOrNul_Refused(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => ShellQuote.Single(value));
        Assert.Contains("must not contain NUL or line breaks", e.Message);
    }

    [Fact]
    public void PostgresConnInfo_QuoteAndBackslash_Escaped() =>
        Assert.Equal(@"dbname='a\'b\\c=d'", SqlQuote.PostgresConnInfo(@"a'b\c=d"));

    [Fact]
    public void Identifiers_EmbeddedQuotes_Doubled()
    {
        Assert.Equal("\"a\"\"b\"", SqlQuote.PostgresIdentifier("a\"b"));
        Assert.Equal("`a``b`", SqlQuote.MySqlIdentifier("a`b"));
        Assert.Equal("'a''b'", SqlQuote.MySqlLiteral("a'b"));
    }
}
