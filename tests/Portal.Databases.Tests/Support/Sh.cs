using System.Diagnostics;

namespace Portal.Databases.Tests.Support;

public sealed record ShResult(int ExitCode, string Stdout, string Stderr, string TerminationMessage);

/// <summary>Runs a generated script with /bin/sh (dash here) the way the Job container would: environment
/// variables only, TERMINATION_LOG pointing at a temp file, PostgreSQL client tools on PATH, and mawk as
/// awk by default (what the Debian-based postgres image has; the mysql image has gawk).</summary>
public static class Sh
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";

    public static async Task<ShResult> RunAsync(string script, IReadOnlyDictionary<string, string> env, string? workingDirectory = null, string awk = "mawk")
    {
        using var dir = new TempDir();
        var bin = Directory.CreateDirectory(Path.Combine(dir.Path, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "awk"), "/usr/bin/" + awk);
        var file = Path.Combine(dir.Path, "job.sh");
        await File.WriteAllTextAsync(file, script);
        var termination = Path.Combine(dir.Path, "termination-log");
        var psi = new ProcessStartInfo("/bin/sh", [file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? dir.Path,
        };
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal) || k.StartsWith("MYSQL", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        var path = psi.Environment["PATH"] ?? "/usr/bin:/bin";
        psi.Environment["PATH"] = bin + ":" + (Directory.Exists(PgBin) ? PgBin + ":" + path : path);
        psi.Environment["TERMINATION_LOG"] = termination;
        psi.Environment["TMPDIR"] = dir.Path;
        foreach (var (k, v) in env)
            psi.Environment[k] = v;

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
