using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.Kubernetes.Moves;

/// <summary>Argo CD Applications and Flux Kustomizations during a move: freeze on the source, copies on the target,
/// and back again on a rollback (see CLUSTER-APIS: Argo CD's <c>syncPolicy.automated</c>, Flux's <c>spec.suspend</c>).</summary>
public sealed partial class KubernetesMigrationGateway
{
    private const string ArgoApiVersion = ClusterApis.ArgoCd;
    private const string FluxKustomizationApiVersion = ClusterApis.FluxKustomize;
    private const string InClusterServer = "https://kubernetes.default.svc";
    private const string ArgoResourcesFinalizer = "resources-finalizer.argocd.argoproj.io";

    /// <summary>The annotations that say a GitOps object is frozen by a move.</summary>
    public static string FrozenBy => PortalLabels.FrozenBy;
    public static string FrozenReason => PortalLabels.FrozenReason;
    public static string FrozenUntil => PortalLabels.FrozenUntil;

    private static (string ApiVersion, string Kind) GitOpsType(GitOpsKind kind) => kind switch
    {
        GitOpsKind.ArgoCdApplication => (ArgoApiVersion, "Application"),
        GitOpsKind.FluxHelmRelease => (ClusterApis.FluxHelm, "HelmRelease"),
        _ => (FluxKustomizationApiVersion, "Kustomization"),
    };

    public async Task<GitOpsObject?> ReadGitOpsAsync(ClusterConnection cluster, GitOpsReference gitOps, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(gitOps);
        var (apiVersion, kind) = GitOpsType(gitOps.Kind);
        var obj = await GetAsync(cluster, apiVersion, kind, gitOps.Namespace, gitOps.Name, ct).ConfigureAwait(false);
        if (obj is null)
        {
            return null;
        }

        return GitOpsObject.From(obj, gitOps.Kind);
    }

    public Task<bool> FreezeGitOpsAsync(ClusterConnection cluster, GitOpsReference gitOps, GitOpsFreezeNotice notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(gitOps);
        ArgumentNullException.ThrowIfNull(notice);
        var (apiVersion, kind) = GitOpsType(gitOps.Kind);
        var annotations = Obj((FrozenBy, notice.FrozenBy), (FrozenReason, notice.Reason), (FrozenUntil, notice.Until));
        var spec = gitOps.Kind == GitOpsKind.ArgoCdApplication
            ? Obj(("syncPolicy", Obj(("automated", null))))
            : Obj(("suspend", true));
        return MergePatchAsync(cluster, apiVersion, kind, gitOps.Namespace, gitOps.Name,
            Obj(("metadata", Obj(("annotations", annotations))), ("spec", spec)), ct);
    }

    public Task<bool> UnfreezeGitOpsAsync(ClusterConnection cluster, GitOpsFreeze freeze, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(freeze);
        var annotations = Obj((FrozenBy, null), (FrozenReason, null), (FrozenUntil, null));
        JsonObject spec;
        if (freeze.Object.Kind == "Application")
        {
            spec = Obj(("syncPolicy", Obj(("automated", freeze.PriorArgoAutomatedJson is { } json ? JsonNode.Parse(json) : null))));
        }
        else
        {
            spec = Obj(("suspend", freeze.PriorFluxSuspend ?? false));
            if (freeze.PriorFluxSuspend != true)
            {
                annotations["reconcile.fluxcd.io/requestedAt"] = now.UtcDateTime.ToString("o");
            }
        }

        var o = freeze.Object;
        return MergePatchAsync(cluster, o.ApiVersion, o.Kind, o.Namespace, o.Name,
            Obj(("metadata", Obj(("annotations", annotations))), ("spec", spec)), ct);
    }

    public Task<bool> RepointArgoApplicationAsync(ClusterConnection cluster, ObjectReference application, string serverUrl, string @namespace,
        string? priorAutomatedJson, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(application);
        var patch = Obj(("spec", Obj(
            ("destination", Obj(("server", serverUrl), ("name", null), ("namespace", @namespace))),
            ("syncPolicy", Obj(("automated", priorAutomatedJson is { } json ? JsonNode.Parse(json) : null))))));
        return MergePatchAsync(cluster, ArgoApiVersion, "Application", application.Namespace, application.Name, patch, ct);
    }

    public Task<bool> RevertArgoApplicationAsync(ClusterConnection cluster, ObjectReference application, string? priorDestination, string @namespace,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(application);
        var isUrl = priorDestination?.StartsWith("http", StringComparison.Ordinal) == true;
        var patch = Obj(("spec", Obj(("destination", Obj(
            ("server", isUrl ? priorDestination : null),
            ("name", isUrl ? null : priorDestination),
            ("namespace", @namespace))))));
        return MergePatchAsync(cluster, application.ApiVersion, application.Kind, application.Namespace, application.Name, patch, ct);
    }

    public async Task<AppliedObject> CreateArgoApplicationAsync(ClusterConnection cluster, GitOpsObject source, string @namespace,
        string? priorAutomatedJson, KeyValuePair<string, string> ownerLabel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var spec = (source.Object["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
        spec["destination"] = Obj(("server", InClusterServer), ("namespace", @namespace));
        var syncPolicy = spec["syncPolicy"] as JsonObject ?? (JsonObject)(spec["syncPolicy"] = new JsonObject());
        if (priorAutomatedJson is null)
        {
            syncPolicy.Remove("automated");
        }
        else
        {
            syncPolicy["automated"] = JsonNode.Parse(priorAutomatedJson);
        }

        var app = Obj(("apiVersion", ArgoApiVersion), ("kind", "Application"),
            ("metadata", Obj(("name", source.Ref.Name), ("namespace", source.Ref.Namespace), ("labels", Map([ownerLabel])))),
            ("spec", spec));
        return new AppliedObject(RefOf(app), await ApplyAsync(cluster, app, ownerLabel, ct).ConfigureAwait(false));
    }

    public async Task<AppliedObject> CreateKustomizationAsync(ClusterConnection cluster, GitOpsObject source, string sourceNamespace,
        string targetNamespace, KeyValuePair<string, string> ownerLabel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var spec = (source.Object["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
        spec.Remove("suspend");
        if (Str(spec, "targetNamespace") == sourceNamespace)
        {
            spec["targetNamespace"] = targetNamespace;
        }

        var kustomization = Obj(("apiVersion", Str(source.Object, "apiVersion")), ("kind", "Kustomization"),
            ("metadata", Obj(("name", source.Ref.Name), ("namespace", source.Ref.Namespace), ("labels", Map([ownerLabel])))),
            ("spec", spec));
        return new AppliedObject(RefOf(kustomization), await ApplyAsync(cluster, kustomization, ownerLabel, ct).ConfigureAwait(false));
    }

    public async Task<FluxSource?> ReadFluxSourceAsync(ClusterConnection cluster, ObjectReference source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var repo = await GetAsync(cluster, source.ApiVersion, source.Kind, source.Namespace, source.Name, ct).ConfigureAwait(false);
        return repo is null ? null : new FluxSource(source, repo["spec"]?.DeepClone(), Str(repo, "spec.secretRef.name"));
    }

    public async Task<AppliedObject> CreateFluxSourceAsync(ClusterConnection cluster, FluxSource source, KeyValuePair<string, string> ownerLabel,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var r = source.Ref;
        var copy = Obj(("apiVersion", r.ApiVersion), ("kind", r.Kind),
            ("metadata", Obj(("name", r.Name), ("namespace", r.Namespace), ("labels", Map([ownerLabel])))),
            ("spec", source.Spec?.DeepClone()));
        return new AppliedObject(RefOf(copy), await ApplyAsync(cluster, copy, ownerLabel, ct).ConfigureAwait(false));
    }

    public async Task DisownGitOpsAsync(ClusterConnection cluster, ObjectReference gitOpsObject, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(gitOpsObject);
        var r = gitOpsObject;
        if (r.Kind == "Kustomization" && r.ApiVersion.StartsWith(ClusterApis.FluxKustomizeGroup + "/", StringComparison.Ordinal))
        {
            await MergePatchAsync(cluster, r.ApiVersion, r.Kind, r.Namespace, r.Name, Obj(("spec", Obj(("prune", false), ("suspend", true)))), ct)
                .ConfigureAwait(false);
        }
        else if (r.Kind == "Application" && r.ApiVersion.StartsWith(ClusterApis.ArgoCdGroup + "/", StringComparison.Ordinal))
        {
            var app = await GetAsync(cluster, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct).ConfigureAwait(false);
            if (At(app, "metadata.finalizers") is not JsonArray finalizers)
            {
                return;
            }

            var kept = finalizers.Select(f => f?.GetValue<string>())
                .Where(f => f is not null && !f.StartsWith(ArgoResourcesFinalizer, StringComparison.Ordinal)).ToList();
            if (kept.Count == finalizers.Count)
            {
                return;
            }

            var patch = Obj(("metadata", Obj(("finalizers", new JsonArray([.. kept.Select(f => (JsonNode?)JsonValue.Create(f))])))));
            await MergePatchAsync(cluster, r.ApiVersion, r.Kind, r.Namespace, r.Name, patch, ct).ConfigureAwait(false);
        }
    }
}
