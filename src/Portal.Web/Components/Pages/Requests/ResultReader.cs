using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Web.Components.Pages.Databases;

namespace Portal.Web.Components.Pages.Requests;

/// <summary>A part of a request's result: facts (key/value), lists, tables (arrays of objects) and nested parts.</summary>
public sealed record ResultSection(string Key, string Title, IReadOnlyList<ResultFact> Facts, IReadOnlyList<ResultList> Lists,
    IReadOnlyList<ResultTable> Tables, IReadOnlyList<ResultSection> Sections);

public sealed record ResultFact(string Key, string Label, string Value);

public sealed record ResultList(string Key, string Title, IReadOnlyList<string> Items);

public sealed record ResultTable(string Key, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>Reads whatever JSON the executor recorded as a request's result into something a page can show: arrays
/// of objects become tables (a verification's tables with row counts), other values become facts. It never
/// throws: an unreadable result is shown as its text.</summary>
public static class ResultReader
{
    private static readonly Dictionary<string, string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dump"] = "Dump", ["backup"] = "Velero backup", ["restore"] = "Restore", ["verification"] = "Verification",
        ["tables"] = "Tables in the restored database", ["missing"] = "Missing tables", ["tocTables"] = "Tables in the dump's table of contents",
        ["tableCount"] = "Tables counted", ["missingCount"] = "Missing tables", ["sizeBytes"] = "Size", ["sha256"] = "SHA-256",
        ["volumeClaim"] = "Volume claim", ["run"] = "Job", ["job"] = "Job", ["artifactId"] = "Artifact id", ["failureReason"] = "Failure",
    };

    /// <summary>Null when the text is not a JSON object or array.</summary>
    public static ResultSection? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind switch
            {
                JsonValueKind.Object => Section("", "Result", doc.RootElement, depth: 0),
                JsonValueKind.Array => new ResultSection("", "Result", [], [], [Table("items", doc.RootElement)], []),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ResultSection Section(string key, string title, JsonElement obj, int depth)
    {
        var facts = new List<ResultFact>();
        var lists = new List<ResultList>();
        var tables = new List<ResultTable>();
        var sections = new List<ResultSection>();
        foreach (var p in obj.EnumerateObject())
        {
            var v = p.Value;
            if (v.ValueKind == JsonValueKind.Object && depth < 3) sections.Add(Section(p.Name, TitleOf(p.Name), v, depth + 1));
            else if (v.ValueKind == JsonValueKind.Array && v.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object)) tables.Add(Table(p.Name, v));
            else if (v.ValueKind == JsonValueKind.Array) lists.Add(new ResultList(p.Name, TitleOf(p.Name), v.EnumerateArray().Select(e => Text(p.Name, e)).ToList()));
            else if (v.ValueKind != JsonValueKind.Null) facts.Add(new ResultFact(p.Name, TitleOf(p.Name), Text(p.Name, v)));
        }
        return new ResultSection(key, title, facts, lists, tables, sections);
    }

    private static ResultTable Table(string key, JsonElement array)
    {
        var rows = array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList();
        var columns = rows.SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Distinct().ToList();
        var cells = rows.Select(r => (IReadOnlyList<string>)columns
            .Select(c => r.TryGetProperty(c, out var v) && v.ValueKind != JsonValueKind.Null ? Text(c, v) : "").ToList()).ToList();
        return new ResultTable(key, TitleOf(key), columns.Select(TitleOf).ToList(), cells);
    }

    private static string Text(string key, JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString() ?? "",
        JsonValueKind.Number when key.EndsWith("Bytes", StringComparison.OrdinalIgnoreCase) && v.TryGetInt64(out var bytes) => DumpText.Size(bytes),
        JsonValueKind.Number => v.TryGetInt64(out var n) ? n.ToString("N0", CultureInfo.InvariantCulture) : v.GetRawText(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        _ => v.GetRawText(),
    };

    /// <summary>"tocTables" reads "Tables in the dump's table of contents"; an unknown "lastErrorText" reads "Last error text".</summary>
    internal static string TitleOf(string key)
    {
        if (Titles.TryGetValue(key, out var title)) return title;
        var sb = new StringBuilder();
        foreach (var c in key)
        {
            if (char.IsUpper(c) && sb.Length > 0) sb.Append(' ').Append(char.ToLowerInvariant(c));
            else sb.Append(sb.Length == 0 ? char.ToUpperInvariant(c) : c == '_' ? ' ' : c);
        }
        return sb.ToString();
    }
}
