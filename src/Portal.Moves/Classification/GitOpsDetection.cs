using Portal.Domain.Common;
using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Objects;

namespace Portal.Moves.Classification;

/// <summary>
/// Which GitOps object manages an application. The object itself when given (an Argo CD Application, a Flux
/// Kustomization or HelmRelease); otherwise what the tools write on what they apply: Argo CD's annotation
/// <c>argocd.argoproj.io/tracking-id</c> (<c>&lt;app&gt;:&lt;group&gt;/&lt;kind&gt;:&lt;ns&gt;/&lt;name&gt;</c>) or
/// its label <c>app.kubernetes.io/instance</c>; Flux's labels <c>kustomize.toolkit.fluxcd.io/name</c> +
/// <c>/namespace</c> and <c>helm.toolkit.fluxcd.io/name</c> (+ <c>/namespace</c>). Flux labels win over the
/// instance label, which Helm charts also set.
/// </summary>
internal static class GitOpsDetection
{
    private const string TrackingId = "argocd.argoproj.io/tracking-id";
    private const string Instance = "app.kubernetes.io/instance";

    public static GitOpsManagement? FromOwnerObject(JsonObject? owner)
    {
        if (owner is null) return null;
        var key = ObjectKey.Of(owner);
        GitOpsTool? tool = (key.Group, key.Kind) switch
        {
            (ClusterApis.ArgoCdGroup, "Application") => GitOpsTool.ArgoCd,
            (ClusterApis.FluxKustomizeGroup, "Kustomization") => GitOpsTool.FluxKustomization,
            ("helm.toolkit.fluxcd.io", "HelmRelease") => GitOpsTool.FluxHelmRelease,
            _ => null,
        };
        return tool is { } t ? new GitOpsManagement(t, key.Name, key.Namespace, $"the {t.Title()} \"{key.Name}\" was given as the application's manager") : null;
    }

    /// <summary>The manager an object's labels or annotations name, or null.</summary>
    public static GitOpsManagement? Of(JsonObject obj)
    {
        if (obj.Label("kustomize.toolkit.fluxcd.io/name") is { } kustomization && obj.Label("kustomize.toolkit.fluxcd.io/namespace") is { } kustomizationNs)
            return new(GitOpsTool.FluxKustomization, kustomization, kustomizationNs, "labels kustomize.toolkit.fluxcd.io/name and /namespace");
        if (obj.Label("helm.toolkit.fluxcd.io/name") is { } release)
            return new(GitOpsTool.FluxHelmRelease, release, obj.Label("helm.toolkit.fluxcd.io/namespace"), "label helm.toolkit.fluxcd.io/name");
        if (obj.Annotation(TrackingId) is { } tracking && tracking.Split(':')[0] is { Length: > 0 } app)
        {
            // With Applications in any namespace the id starts with "<namespace>_<name>".
            var underscore = app.IndexOf('_', StringComparison.Ordinal);
            return underscore > 0
                ? new(GitOpsTool.ArgoCd, app[(underscore + 1)..], app[..underscore], $"annotation {TrackingId}")
                : new(GitOpsTool.ArgoCd, app, null, $"annotation {TrackingId}");
        }
        if (obj.Label(Instance) is { Length: > 0 } instance)
            return new(GitOpsTool.ArgoCd, instance, null, $"label {Instance} (Argo CD's label tracking; Helm charts set it too, so confirm with the Application)");
        return null;
    }

    /// <summary>The manager named by most objects (ties: by tool, then name), unless an owner object is given.</summary>
    public static GitOpsManagement? Find(IEnumerable<JsonObject> objects, JsonObject? owner)
    {
        if (FromOwnerObject(owner) is { } given) return given;
        return objects.Select(Of).OfType<GitOpsManagement>()
            .GroupBy(m => (m.Tool, m.Name, m.Namespace))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Tool).ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g => g.First())
            .FirstOrDefault();
    }

    /// <summary>True when the object carries the marks of <paramref name="manager"/>'s tool and name.</summary>
    public static bool IsManagedBy(JsonObject obj, GitOpsManagement manager) =>
        Of(obj) is { } mark && mark.Tool == manager.Tool && mark.Name == manager.Name;
}
