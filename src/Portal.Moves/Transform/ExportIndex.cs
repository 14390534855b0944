using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Objects;

namespace Portal.Moves.Transform;

/// <summary>What the rules need to know about the whole export: Services and their selectors, token Secrets,
/// owners present, and objects that also come under a newer API group.</summary>
internal sealed class ExportIndex
{
    private readonly Dictionary<(string Ns, string Name), bool> _serviceHasSelector = [];
    private readonly HashSet<(string Ns, string Name)> _tokenSecrets = [];
    private readonly HashSet<(string Ns, string Kind, string Name)> _present = [];
    private readonly HashSet<(string Ns, string Kind, string Name)> _presentOutsideExtensions = [];

    public ExportIndex(IEnumerable<JsonObject> objects)
    {
        foreach (var obj in objects)
        {
            var key = ObjectKey.Of(obj);
            var ns = key.Namespace ?? "";
            _present.Add((ns, key.Kind, key.Name));
            if (key.Group != "extensions") _presentOutsideExtensions.Add((ns, key.Kind, key.Name));
            if (key is { Group: "", Kind: "Service" })
                _serviceHasSelector[(ns, key.Name)] = obj.Obj("spec").Obj("selector") is { Count: > 0 };
            if (IsTokenSecret(obj)) _tokenSecrets.Add((ns, key.Name));
        }
    }

    public static bool IsTokenSecret(JsonObject obj) =>
        obj.StringProperty("kind") == "Secret" && obj.StringProperty("apiVersion") == "v1" && obj.StringProperty("type") == "kubernetes.io/service-account-token";

    /// <summary>True with a selector, false without one, null when the export holds no such Service.</summary>
    public bool? ServiceHasSelector(string? ns, string name) =>
        _serviceHasSelector.TryGetValue((ns ?? "", name), out var has) ? has : null;

    public bool IsTokenSecret(string? ns, string name) => _tokenSecrets.Contains((ns ?? "", name));

    public bool Contains(string? ns, string kind, string name) => _present.Contains((ns ?? "", kind, name));

    public bool ContainsOutsideExtensions(string? ns, string kind, string name) => _presentOutsideExtensions.Contains((ns ?? "", kind, name));
}
