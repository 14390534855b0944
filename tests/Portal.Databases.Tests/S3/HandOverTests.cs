using System.Diagnostics;
using Portal.Databases.Jobs;

namespace Portal.Databases.Tests.S3;

/// <summary>The init container's wrapper: it always ends with 0, and the Job deadline's SIGTERM (sent to PID 1, the
/// wrapper) reaches the script, whose own TERM trap then writes the result the main container reports.</summary>
public sealed class HandOverTests : IDisposable
{
    private readonly S3TestPod _pod = new();

    public void Dispose() => _pod.Dispose();

    private string[] InitCommand(string script) =>
        S3TestPod.InitContainer(DumpJobManifests.Job(_pod.Dump() with { Script = script }, "run-1"))["command"]!.AsArray()
            .Select(c => c!.GetValue<string>()).ToArray();

    private Process Start(string script)
    {
        var command = InitCommand(script);
        var psi = new ProcessStartInfo(command[0], command.Skip(1)) { RedirectStandardInput = true, RedirectStandardOutput = true };
        psi.Environment["TERMINATION_LOG"] = _pod.HandOverFile;
        return Process.Start(psi)!;
    }

    [Fact]
    public async Task Wrapper_ScriptFails_EndsZeroAndLeavesTheScriptsResult()
    {
        using var process = Start("""printf '{"status":"Failed","exitCode":7}\n' > "$TERMINATION_LOG"; exit 7""");

        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("{\"status\":\"Failed\",\"exitCode\":7}", File.ReadAllText(_pod.HandOverFile).Trim());
    }

    [Fact]
    public async Task Wrapper_SigtermToTheWrapper_ReachesTheScriptsTrap()
    {
        using var process = Start("""
            trap 'printf "{\"status\":\"Failed\",\"exitCode\":143,\"error\":\"stopped\"}\n" > "$TERMINATION_LOG"; exit 143' TERM
            echo started
            sleep 5 &
            wait $!
            """);
        Assert.Equal("started", await process.StandardOutput.ReadLineAsync());

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("\"exitCode\":143", File.ReadAllText(_pod.HandOverFile), StringComparison.Ordinal);
    }
}
