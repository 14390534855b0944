using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Portal.Databases.Tests.Support;

/// <summary>
/// Runs one container of a generated manifest the way the kubelet would: its <c>command</c> as the argv, its literal
/// <c>env</c>, and for each <c>secretKeyRef</c> the value the test gives under the variable's name (a missing one
/// fails the test: the manifest asks for a Secret the test did not expect). What the test gives is set last, so it
/// can also point a literal (PGHOST) at the test's server or add <c>FAKE_AWS_FAIL</c>. <c>/dev/termination-log</c> is a file of
/// this run unless the container sets <c>TERMINATION_LOG</c> itself. The fake <c>aws</c> and the PostgreSQL client
/// tools are on PATH, mawk is awk (as in the Debian images).
/// </summary>
public static class PodRun
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";

    public static async Task<ShResult> RunAsync(JsonObject container, IReadOnlyDictionary<string, string> given, FakeAws aws)
    {
        using var dir = new TempDir();
        var bin = Directory.CreateDirectory(Path.Combine(dir.Path, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "awk"), "/usr/bin/mawk");
        var command = container["command"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        var psi = new ProcessStartInfo(command[0], command.Skip(1))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = dir.Path,
        };
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal) || k.StartsWith("MYSQL", StringComparison.Ordinal) || k.StartsWith("AWS", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        var path = psi.Environment["PATH"] ?? "/usr/bin:/bin";
        psi.Environment["PATH"] = string.Join(':', bin, aws.Bin, PgBin, path);
        psi.Environment["FAKE_S3_ROOT"] = aws.Root;
        var termination = Path.Combine(dir.Path, "termination-log");
        psi.Environment["TERMINATION_LOG"] = termination;
        foreach (var env in container["env"]!.AsArray().Select(e => e!.AsObject()))
        {
            var name = env["name"]!.GetValue<string>();
            if (env["value"] is { } value)
                psi.Environment[name] = value.GetValue<string>();
            else if (!given.ContainsKey(name))
                throw new Xunit.Sdk.XunitException($"{name} comes from a Secret the test did not give.");
        }
        foreach (var (name, value) in given)
            psi.Environment[name] = value;

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var message = File.Exists(termination) ? await File.ReadAllTextAsync(termination) : "";
        return new ShResult(process.ExitCode, await stdout, await stderr, message);
    }
}
