using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.Databases.Messages;

/// <summary>
/// What a dump Job's pod said in its termination message. Parsing never throws: whatever the kubelet
/// kept (it truncates at 4096 bytes) or a broken image wrote, the result is one of the three cases.
/// </summary>
public abstract partial record DumpArtifactMessage
{
    private DumpArtifactMessage() { }

    /// <summary>The dump ran and the artifact is in place.</summary>
    public sealed record Succeeded(string Artifact, long SizeBytes, string Sha256, DateTimeOffset StartedAt,
        DateTimeOffset CompletedAt, long DurationSeconds, string Tool) : DumpArtifactMessage;

    /// <summary>The dump failed; <see cref="Error"/> is the end of the tool's own error output.</summary>
    public sealed record Failed(int ExitCode, string Error) : DumpArtifactMessage;

    /// <summary>Nothing usable was written; <see cref="Reason"/> says why in words.</summary>
    public sealed record Unreadable(string Reason) : DumpArtifactMessage;

    public static DumpArtifactMessage Parse(string? text)
    {
        var line = text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (string.IsNullOrEmpty(line))
            return new Unreadable("unreadable termination message: the pod wrote none.");
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return Text(root, "status") switch
            {
                "Succeeded" => ParseSucceeded(root),
                "Failed" => new Failed(root.GetProperty("exitCode").GetInt32(), Text(root, "error") ?? ""),
                var other => new Unreadable($"unreadable termination message: unknown status \"{other}\"."),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            return new Unreadable($"unreadable termination message ({e.GetType().Name}): {Shorten(line)}");
        }
    }

    private static DumpArtifactMessage ParseSucceeded(JsonElement root)
    {
        var sha = Text(root, "sha256") ?? "";
        if (!Sha256Pattern().IsMatch(sha))
            return new Unreadable($"unreadable termination message: \"{Shorten(sha)}\" is not a sha256.");
        var artifact = Text(root, "artifact");
        if (string.IsNullOrEmpty(artifact))
            return new Unreadable("unreadable termination message: no artifact path.");
        return new Succeeded(artifact, root.GetProperty("sizeBytes").GetInt64(), sha,
            DateTimeOffset.Parse(Text(root, "startedAt")!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(Text(root, "completedAt")!, System.Globalization.CultureInfo.InvariantCulture),
            root.GetProperty("durationSeconds").GetInt64(), Text(root, "tool") ?? "");
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : root.ValueKind == JsonValueKind.Object ? null : throw new FormatException("not a JSON object");

    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "...";

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
