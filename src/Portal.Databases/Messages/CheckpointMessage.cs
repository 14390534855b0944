using System.Text.Json;

namespace Portal.Databases.Messages;

/// <summary>What a checkpoint Job's pod said in its termination message (see <see cref="Jobs.CheckpointJobs"/>). Never throws.</summary>
public abstract record CheckpointMessage
{
    private CheckpointMessage() { }

    public sealed record Succeeded(string Statement, long DurationSeconds) : CheckpointMessage;

    /// <summary><see cref="Error"/> is the end of the client's error output.</summary>
    public sealed record Failed(int ExitCode, string Error) : CheckpointMessage;

    public sealed record Unreadable(string Reason) : CheckpointMessage;

    public static CheckpointMessage Parse(string? text)
    {
        var line = text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (string.IsNullOrEmpty(line)) return new Unreadable("the pod wrote no termination message");
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return Text(root, "status") switch
            {
                "Succeeded" => new Succeeded(Text(root, "statement") ?? "", root.TryGetProperty("durationSeconds", out var d) && d.TryGetInt64(out var s) ? s : 0),
                "Failed" => new Failed(root.TryGetProperty("exitCode", out var e) && e.TryGetInt32(out var code) ? code : 1, Text(root, "error") ?? ""),
                var other => new Unreadable($"unknown status \"{other}\" in the termination message"),
            };
        }
        catch (JsonException)
        {
            return new Unreadable($"unreadable termination message: {(line.Length > 200 ? line[..200] : line)}");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
