using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>
/// Field selectors (<c>metadata.name=x</c>, <c>metadata.namespace!=y</c>, <c>status.phase=Completed</c>). Real servers
/// only allow a few fields per type; the simulator allows any dotted path, which is a superset.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Path, string Value, bool Negate)> _terms = [];

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ne = raw.IndexOf("!=", StringComparison.Ordinal);
            if (ne > 0)
            {
                selector._terms.Add((raw[..ne], raw[(ne + 2)..], true));
                continue;
            }
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) selector._terms.Add((raw[..eq], raw[(eq + 1)..].TrimStart('='), false));
        }
        return selector;
    }

    public bool Matches(JsonObject obj) =>
        _terms.All(t => ((obj.AtPath(t.Path).ScalarText() ?? "") == t.Value) != t.Negate);
}
