using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Tests.Support;

/// <summary>Reads watch events (one JSON document per line) until a condition is met or time runs out.</summary>
internal static class WatchReader
{
    public static async Task<List<JsonNode>> ReadUntilAsync(StreamReader reader, Func<List<JsonNode>, bool> done, int timeoutMs = 10000)
    {
        var events = new List<JsonNode>();
        using var cts = new CancellationTokenSource(timeoutMs);
        while (!done(events))
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"watch timed out after {events.Count} events: {string.Join(" | ", events.Select(e => (string?)e["type"] + ":" + (string?)e["object"]?["metadata"]?["name"]))}");
            }
            if (line is null) break;
            if (line.Length > 0) events.Add(JsonNode.Parse(line)!);
        }
        return events;
    }
}
