using System.Text.Json;

namespace Portal.Databases.Messages;

/// <summary>A restored table with its row count, as the verification script counted it.</summary>
public sealed record VerifiedTable(string Schema, string Name, long Rows);

/// <summary>
/// What a verification Job reported: the restored tables with row counts, how many tables the dump's table of
/// contents lists (null for plain SQL dumps, which have none) and which of those are missing. When the full
/// report did not fit in a termination message, <see cref="Truncated"/> is set and only the counts are known
/// (the full report is in the pod's log). Null from <see cref="Parse"/> means an unreadable message.
/// </summary>
public sealed record VerificationReport(IReadOnlyList<VerifiedTable> Tables, int? TocTables, IReadOnlyList<string> Missing,
    bool Truncated, int TableCount, int MissingCount)
{
    public bool Complete => !Truncated && MissingCount == 0;

    public static VerificationReport? Parse(string? text)
    {
        var line = text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (string.IsNullOrEmpty(line))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("tables", out var tablesElement))
                return null;
            var tables = tablesElement.EnumerateArray()
                .Select(t => new VerifiedTable(Text(t.GetProperty("schema")), Text(t.GetProperty("name")), t.GetProperty("rows").GetInt64()))
                .ToList();
            int? toc = root.TryGetProperty("tocTables", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : null;
            var truncated = root.TryGetProperty("truncated", out var tr) && tr.ValueKind == JsonValueKind.True;
            var missing = root.TryGetProperty("missing", out var m)
                ? m.EnumerateArray().Select(Text).ToList()
                : [];
            return new VerificationReport(tables, toc, missing, truncated,
                truncated ? root.GetProperty("tableCount").GetInt32() : tables.Count,
                truncated ? root.GetProperty("missingCount").GetInt32() : missing.Count);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string Text(JsonElement e) => e.GetString() ?? throw new FormatException("a name is null");
}
