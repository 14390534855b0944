using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Objects;

namespace Portal.Moves.Transform;

/// <summary>
/// Renames namespaces: <c>metadata.namespace</c>, the Namespace object itself (and its
/// <c>kubernetes.io/metadata.name</c> label), RoleBinding subjects that are ServiceAccounts of a renamed
/// namespace, NetworkPolicy namespace selectors on <c>kubernetes.io/metadata.name</c>, and ExternalName Services
/// pointing at <c>&lt;service&gt;.&lt;namespace&gt;.svc</c>.
/// </summary>
internal static class NamespaceRename
{
    private const string NameLabel = "kubernetes.io/metadata.name";

    public static void Apply(JsonObject obj, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0 || obj.Metadata() is not { } meta) return;
        if (meta.StringProperty("namespace") is { } ns && map.TryGetValue(ns, out var renamed)) meta["namespace"] = renamed;
        var key = ObjectKey.Of(obj);
        switch (key.Group, key.Kind)
        {
            case ("", "Namespace") when map.TryGetValue(key.Name, out var newName):
                meta["name"] = newName;
                if (meta.Obj("labels") is { } labels && labels.ContainsKey(NameLabel)) labels[NameLabel] = newName;
                break;
            case ("rbac.authorization.k8s.io", "RoleBinding"):
                foreach (var subject in obj.Arr("subjects").Objects().Where(s => s.StringProperty("kind") == "ServiceAccount"))
                {
                    if (subject.StringProperty("namespace") is { } subjectNs && map.TryGetValue(subjectNs, out var to)) subject["namespace"] = to;
                }
                break;
            case ("networking.k8s.io", "NetworkPolicy"):
                var peers = obj.Obj("spec").Arr("ingress").Objects().SelectMany(r => r.Arr("from").Objects())
                    .Concat(obj.Obj("spec").Arr("egress").Objects().SelectMany(r => r.Arr("to").Objects()));
                foreach (var selector in peers.Select(p => p.Obj("namespaceSelector")).OfType<JsonObject>()) RenameSelector(selector, map);
                break;
            case ("", "Service") when obj.Obj("spec") is { } spec && spec.StringProperty("externalName") is { } external:
                spec["externalName"] = RenameServiceHost(external, map);
                break;
        }
    }

    private static void RenameSelector(JsonObject selector, IReadOnlyDictionary<string, string> map)
    {
        if (selector.Obj("matchLabels") is { } labels && labels.StringProperty(NameLabel) is { } value && map.TryGetValue(value, out var to))
            labels[NameLabel] = to;
        foreach (var expression in selector.Arr("matchExpressions").Objects().Where(e => e.StringProperty("key") == NameLabel))
        {
            if (expression.Arr("values") is not { } values) continue;
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is JsonValue v && v.TryGetValue<string>(out var s) && map.TryGetValue(s, out var renamed)) values[i] = renamed;
            }
        }
    }

    /// <summary><c>db.shop.svc</c> or <c>db.shop.svc.cluster.local</c> → the same in the renamed namespace.</summary>
    private static string RenameServiceHost(string host, IReadOnlyDictionary<string, string> map)
    {
        var parts = host.Split('.');
        if (parts.Length >= 3 && parts[2] == "svc" && map.TryGetValue(parts[1], out var to))
        {
            parts[1] = to;
            return string.Join('.', parts);
        }
        return host;
    }
}
