using System.Diagnostics;
using System.Text;

namespace Portal.ClusterSimulator.Tests.Support;

/// <summary>
/// Runs the real kubectl against a simulator with its generated kubeconfig, always under a timeout so a test can
/// never hang. Each instance has its own kubeconfig file and discovery cache folder.
/// </summary>
internal sealed class Kubectl : IDisposable
{
    private readonly string _dir;
    private readonly string _kubeconfig;

    public Kubectl(SimulatedCluster cluster)
    {
        _dir = Path.Combine(Path.GetTempPath(), "sim-kubectl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _kubeconfig = Path.Combine(_dir, "kubeconfig");
        File.WriteAllText(_kubeconfig, cluster.Kubeconfig);
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string args, int timeoutMs = 60000)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeoutMs);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"kubectl {args} timed out; stderr: {await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Arguments are split on spaces (none of the tests' arguments contain one).</summary>
    /// <remarks>Starts a long-running kubectl (e.g. -w); the caller reads its output and disposes (kills) it.</remarks>
    public Process Start(string args)
    {
        var psi = new ProcessStartInfo(KubectlFactAttribute.KubectlPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        // ArgumentList (split on spaces) keeps quotes inside arguments such as a JSON patch intact
        foreach (var arg in $"--kubeconfig {_kubeconfig} --cache-dir {Path.Combine(_dir, "cache")} {args}".Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["KUBECONFIG"] = _kubeconfig;
        return Process.Start(psi) ?? throw new InvalidOperationException("kubectl did not start");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A fact that is skipped when /usr/bin/kubectl is not installed.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public const string KubectlPath = "/usr/bin/kubectl";

    public KubectlFactAttribute()
    {
        if (!File.Exists(KubectlPath)) Skip = $"{KubectlPath} not installed";
    }
}
