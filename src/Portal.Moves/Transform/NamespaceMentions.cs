using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.Moves.Objects;

namespace Portal.Moves.Transform;

/// <summary>
/// Finds the renamed namespace in cluster DNS names (<c>db.shop.svc</c>, <c>db.shop.svc.cluster.local</c>) where
/// the transform does not rewrite text: container environment values and ConfigMap data. Those are left as they
/// are and named in a note, because only their owners know whether the text means this cluster's namespace.
/// </summary>
internal static class NamespaceMentions
{
    public static void Note(JsonObject obj, IReadOnlyDictionary<string, string> map, List<string> notes)
    {
        if (map.Count == 0) return;
        var key = ObjectKey.Of(obj);
        var texts = PodSpecs.Of(obj).SelectMany(PodSpecs.Containers)
            .SelectMany(c => c.Arr("env").Objects().Select(e => ($"env {e.StringProperty("name")} of container \"{c.StringProperty("name")}\"", e.StringProperty("value"))));
        if (key is { Group: "", Kind: "ConfigMap" } && obj.Obj("data") is { } data)
            texts = texts.Concat(data.Select(p => ($"data key \"{p.Key}\"", p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)));
        foreach (var (where, text) in texts)
        {
            if (text is null) continue;
            foreach (var (from, to) in map.Where(p => p.Key != p.Value))
            {
                var pattern = @"[a-z0-9-]+\." + Regex.Escape(from) + @"\.svc\b";
                if (Regex.Match(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)) is { Success: true } match)
                    notes.Add($"{key}: {where} mentions \"{match.Value}\", a name in the namespace \"{from}\", which becomes \"{to}\" on the target; update it if it means this application.");
            }
        }
    }
}
