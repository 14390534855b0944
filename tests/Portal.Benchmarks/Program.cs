using Portal.Benchmarks.Circuits;
using Portal.Benchmarks.Compliance;
using Portal.Benchmarks.Tables;

// The benchmark suite (docs/benchmarks.md): each benchmark is a command; each prints its figures and the machine it ran on.
// Usage: dotnet run -c Release --project tests/Portal.Benchmarks -- <benchmark> [its options]
// A new benchmark adds one line here and a folder of its own.
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["compliance"] = ComplianceBenchmark.RunAsync,
    ["circuits"] = CircuitsBenchmark.RunAsync,
    // The browsers of the circuits benchmark, run by it as a child process.
    ["circuit-clients"] = CircuitClients.RunAsync,
    ["tables"] = TablesBenchmark.RunAsync,
    ["claims"] = Portal.Benchmarks.Queue.ClaimThroughputBenchmark.RunAsync,
    ["submit-latency"] = Portal.Benchmarks.Submissions.SubmitLatencyBenchmark.RunAsync,
    ["first-load"] = Portal.Benchmarks.Compression.FirstLoadBenchmark.RunAsync,
};

var name = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "compliance";
if (!benchmarks.TryGetValue(name, out var run))
{
    Console.Error.WriteLine($"No benchmark named '{name}'. Benchmarks: {string.Join(", ", benchmarks.Keys)}.");
    return 2;
}
Console.Error.WriteLine($"{name} on {Environment.MachineName}: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
return await run(args.Length > 0 && args[0] == name ? args[1..] : args);
