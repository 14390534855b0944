using System.Text;
using System.Text.Json;
using Portal.Databases.Messages;
using Portal.Databases.Scripts;
using Portal.Databases.Tests.Support;

namespace Portal.Databases.Tests.Unit;

/// <summary>The failure path of the generated sh (prelude + run_tool), run by dash on crafted tool stderr; the
/// termination message it writes must be one line of valid JSON that System.Text.Json reads back exactly.</summary>
public sealed class JsonEscapingTests
{
    private const string Nasty = "quote \" and 'single'\nback\\slash \\n not a newline\n\ttab\there\r\nbell \u0007 esc \u001b[31m\nprintf %s %d %% $HOME `id`\nZoë 日本語 🐬\n";

    [Theory]
    [InlineData("mawk")]
    [InlineData("gawk")]
    public async Task FailedTool_QuotesBackslashesTabsNewlines_ErrorRoundTripsThroughJson(string awk)
    {
        var run = await RunFailingToolAsync(Nasty, exitCode: 3, awk);

        Assert.Equal(3, run.ExitCode);
        Assert.Single(run.TerminationMessage.TrimEnd('\n').Split('\n'));
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(run.TerminationMessage));
        Assert.Equal("Failed", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal(Nasty.TrimEnd('\n'), doc.RootElement.GetProperty("error").GetString());
        Assert.Equal(Nasty, run.Stderr);
    }

    [Fact]
    public async Task FailedTool_MoreThanTwentyLines_KeepsTheLastTwenty()
    {
        var lines = Enumerable.Range(1, 50).Select(i => $"line {i}").ToList();

        var run = await RunFailingToolAsync(string.Join("\n", lines) + "\n", exitCode: 1);

        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Equal(string.Join("\n", lines.Skip(30)), failed.Error);
    }

    [Theory]
    [InlineData("é", "mawk")]
    [InlineData("é", "gawk")]
    [InlineData("\"", "mawk")]
    [InlineData("\u0001", "mawk")]
    [InlineData("\u0001", "gawk")]
    [InlineData("日本", "mawk")]
    [InlineData("日本", "gawk")]
    public async Task FailedTool_HugeError_TruncatedFromTheFrontBelowKubernetesLimit(string unit, string awk)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 20_000)) + " THE END";

        var run = await RunFailingToolAsync(text, exitCode: 2, awk);

        var bytes = Encoding.UTF8.GetByteCount(run.TerminationMessage);
        Assert.InRange(bytes, 100, 4095);
        Assert.DoesNotContain('\uFFFD', run.TerminationMessage);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(run.TerminationMessage));
        var error = doc.RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith("...", error);
        Assert.EndsWith(unit + " THE END", error);
        Assert.Equal(text[^(error.Length - 3)..], error[3..]);
    }

    [Fact]
    public async Task ScriptFailure_WithoutToolOutput_SaysWhereItStopped()
    {
        var script = ShPrelude.For("test") + "STAGE=\"copying the moon\"\nfalse\n";

        var run = await Sh.RunAsync(script, new Dictionary<string, string>());

        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Equal(1, failed.ExitCode);
        Assert.Equal("failed while copying the moon (exit code 1)", failed.Error);
    }

    [Fact]
    public async Task Dump_WithoutPgHost_FailsSayingWhatIsMissing()
    {
        var script = PostgresScripts.Dump(new Specs.PostgresDumpSpec
        {
            ScheduleId = "n", Database = "db", Destination = new Specs.ArtifactDirectory("/nonexistent"),
        }).GetScriptOrThrow();

        var run = await Sh.RunAsync(script, new Dictionary<string, string>());

        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.StartsWith("PGHOST is not set", failed.Error);
    }

    private static async Task<ShResult> RunFailingToolAsync(string stderr, int exitCode, string awk = "mawk")
    {
        var script = ShPrelude.For("test") + $"STAGE=\"running the tool\"\nrun_tool sh -c 'printf \"%s\" \"$CRAFTED\" >&2; exit {exitCode}'\necho unreachable\n";
        var run = await Sh.RunAsync(script, new Dictionary<string, string> { ["CRAFTED"] = stderr }, awk: awk);
        Assert.DoesNotContain("unreachable", run.Stdout);
        return run;
    }
}
