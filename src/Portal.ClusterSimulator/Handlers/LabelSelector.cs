using System.Text.RegularExpressions;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>
/// Kubernetes label selector syntax: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>,
/// <c>a</c> (exists), <c>!a</c> (does not exist); requirements are comma-separated and all must hold.
/// </summary>
internal sealed partial class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var raw in SplitTopLevel(text))
        {
            var req = raw.Trim();
            if (req.Length == 0) continue;
            var set = SetPattern().Match(req);
            if (set.Success)
            {
                var key = set.Groups[1].Value;
                var values = set.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
                var notIn = set.Groups[2].Value == "notin";
                selector._requirements.Add(l => notIn ? !(l.TryGetValue(key, out var v) && values.Contains(v)) : l.TryGetValue(key, out var v2) && values.Contains(v2));
                continue;
            }
            var ne = req.IndexOf("!=", StringComparison.Ordinal);
            if (ne > 0)
            {
                var (k, v) = (req[..ne].Trim(), req[(ne + 2)..].Trim());
                selector._requirements.Add(l => !(l.TryGetValue(k, out var x) && x == v));
                continue;
            }
            var eq = req.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                var k = req[..eq].Trim();
                var v = req[(eq + 1)..].TrimStart('=').Trim();
                selector._requirements.Add(l => l.TryGetValue(k, out var x) && x == v);
                continue;
            }
            if (req.StartsWith('!'))
            {
                var k = req[1..].Trim();
                selector._requirements.Add(l => !l.ContainsKey(k));
                continue;
            }
            selector._requirements.Add(l => l.ContainsKey(req));
        }
        return selector;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r(labels));

    // Commas inside "in (a,b)" do not separate requirements.
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^([^\s!=()]+)\s+(in|notin)\s*\((.*)\)$")]
    private static partial Regex SetPattern();
}
