using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Portal.Deployment.Tests;

public sealed record ToolResult(int ExitCode, string StdOut, string StdErr);

/// <summary>
/// Runs a command-line tool from the repository root with a timeout. A missing tool is a test
/// FAILURE naming the Debian package that provides it, never a skip.
/// </summary>
internal static class Tool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How to install each tool the tests use.</summary>
    private static readonly Dictionary<string, string> Install = new()
    {
        ["docker-compose"] = "install the Debian package: apt-get install -y docker-compose",
        ["kubectl"] = "install the apt package 'kubectl' (preinstalled on the project machines; " +
                      "Debian's own 'kubernetes-client' 1.20 is too old to render Kustomize v5 folders)",
    };

    public static ToolResult Run(string tool, params string[] args) => Run(tool, DefaultTimeout, args);

    public static ToolResult Run(string tool, TimeSpan timeout, params string[] args) => Run(tool, timeout, null, args);

    /// <summary>Runs the tool with these environment variables set (a null value removes the variable).</summary>
    public static ToolResult Run(string tool, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var hint = Install.GetValueOrDefault(tool, "install it");
        var path = FindOnPath(tool)
            ?? throw new ToolMissingException($"'{tool}' was not found on PATH: {hint}.");

        var psi = new ProcessStartInfo(path)
        {
            WorkingDirectory = RepoRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Keep the output deterministic and free of the caller's compose settings.
        psi.Environment.Remove("COMPOSE_FILE");
        psi.Environment.Remove("COMPOSE_PROJECT_NAME");
        psi.Environment["KUBECONFIG"] = "/dev/null";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) psi.Environment.Remove(name);
            else psi.Environment[name] = value;
        }

        using var process = new Process { StartInfo = psi };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ToolMissingException($"'{tool}' could not be started ({ex.Message}): {hint}.");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException(
                $"'{tool} {string.Join(' ', args)}' did not finish within {timeout.TotalSeconds:0} s. stderr: {stderr}");
        }

        process.WaitForExit(); // flush the asynchronous readers
        return new ToolResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the tool and fails the test, with its output, unless it exits 0.</summary>
    public static string RunOk(string tool, params string[] args) => RunOk(null, tool, args);

    /// <summary>As <see cref="RunOk(string, string[])"/> with these environment variables.</summary>
    public static string RunOk(IReadOnlyDictionary<string, string?>? environment, string tool, params string[] args)
    {
        var result = Run(tool, DefaultTimeout, environment, args);
        Assert.True(result.ExitCode == 0,
            $"'{tool} {string.Join(' ', args)}' exited {result.ExitCode}.\nstderr:\n{result.StdErr}\nstdout:\n{result.StdOut}");
        return result.StdOut;
    }

    private static string? FindOnPath(string tool)
    {
        var paths = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return paths.Select(p => Path.Combine(p, tool)).FirstOrDefault(File.Exists);
    }
}

public sealed class ToolMissingException(string message) : Exception(message);
