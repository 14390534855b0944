namespace Portal.ClusterSimulator;

/// <summary>
/// Command line host: <c>--port N --kubeconfig FILE [--crds DIR] [--name CLUSTER] [--token T] [--no-demo] [--step-ms MS]
/// [--site primary|recovery] [--unserve API]... [--legacy GROUP/VERSION]... [--group-snapshots on|off] [--snapshot-ready-ms MS] [--verbose]</c>.
/// Writes the kubeconfig, prints the URL and runs until Ctrl+C. A class (not top-level statements) because the
/// portal's web project references this assembly.
/// </summary>
public static class SimulatorProgram
{
    public static int Main(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var options = new SimulatorOptions();
        string? kubeconfigPath = null;
        var unserved = new List<string>();
        var legacy = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--port": options.Port = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--kubeconfig": kubeconfigPath = Next(); break;
                case "--crds": options.CrdDirectory = Next(); break;
                case "--name": options.ClusterName = Next(); break;
                case "--token": options.Token = Next(); break;
                case "--no-demo": options.SeedDemoData = false; break;
                case "--verbose" or "-v": options.LogRequests = true; break;
                case "--step-ms": options.PhaseStepDelay = TimeSpan.FromMilliseconds(int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
                case "--site": options.DemoSite = Enum.Parse<DemoSite>(Next(), ignoreCase: true); break;
                case "--unserve": unserved.Add(Next()); break;
                case "--legacy": legacy.Add(Next()); break;
                case "--group-snapshots": options.GroupSnapshots = Next() is "on" or "true"; break;
                case "--snapshot-ready-ms": options.SnapshotReadyDelay = TimeSpan.FromMilliseconds(int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
                case "-h" or "--help":
                    Console.WriteLine("usage: Portal.ClusterSimulator --port N --kubeconfig FILE [--crds DIR] [--name CLUSTER] [--token T] [--no-demo] [--step-ms MS]"
                        + " [--site primary|recovery] [--unserve API]... [--legacy GROUP/VERSION]... [--group-snapshots on|off] [--snapshot-ready-ms MS] [--verbose]");
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}");
                    return 2;
            }
        }

        options.UnservedApis = unserved;
        options.LegacyApiVersions = legacy;
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        // SIGTERM (kill, docker stop) stops as cleanly as Ctrl+C
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.Cancel();
        });

        await using var cluster = await SimulatedCluster.StartAsync(options, stop.Token);
        if (kubeconfigPath is not null)
        {
            await File.WriteAllTextAsync(kubeconfigPath, cluster.Kubeconfig);
            Console.WriteLine($"kubeconfig written to {Path.GetFullPath(kubeconfigPath)}");
        }
        Console.WriteLine($"cluster '{options.ClusterName}' listening on {cluster.Url}");
        Console.WriteLine($"loaded {cluster.Catalog.Definitions.Count} resource definitions; Ctrl+C to stop");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }
}
