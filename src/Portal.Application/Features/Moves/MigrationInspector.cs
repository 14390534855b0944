using Portal.Domain.Common;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Abstractions;
using Portal.Application.Features.Clusters;
using Portal.Application.Security;
using Portal.Domain.Clusters;
using Portal.Domain.Moves;
using Portal.Moves.Classification;
using Portal.Moves.Playbooks;
using Portal.Moves.Preflight;
using Portal.Moves.Transform;

namespace Portal.Application.Features.Moves;

/// <summary>
/// Reads an application live from its source cluster and judges it: classification and playbook advice when it is
/// added, and the preflight against the target (with the transformed manifests to review) before approval.
/// Cluster faults surface as <see cref="MigrationClusterException"/>, already in words and naming the cluster.
/// </summary>
public sealed class MigrationInspector(IMigrationClusterGateway gateway, ClusterConnections connections)
{
    public const string ArgoApiVersion = ClusterApis.ArgoCd;
    public const string FluxKustomizeApiVersion = ClusterApis.FluxKustomize;

    /// <summary>Classifies the application and asks the advisor for a playbook; records both on it. Returns what is wrong
    /// with the GitOps object named for it, in words, and then records nothing.</summary>
    public async Task<string?> InspectAsync(MigrationApplication app, Cluster source, Cluster target, DateTimeOffset now, CancellationToken ct)
    {
        var export = await On(source, c => gateway.ExportNamespaceAsync(c, app.SourceNamespace, ct));
        var gitOpsObject = await On(source, c => ReadGitOpsObjectAsync(c, app.GitOps, ct));
        if (GitOpsProblem(app, gitOpsObject, source.Name) is { } problem) return problem;
        var profile = ApplicationClassifier.Classify(export.Objects, gitOpsObject);
        if (app.GitOps.Kind == GitOpsKind.None && Adoptable(profile.GitOps) is { } found
            && await On(source, c => ReadGitOpsObjectAsync(c, found, ct)) is { } adopted)
        {
            // The objects carry the tracking of a GitOps object that exists: it deploys them, so the move must freeze it.
            app.AdoptGitOps(found, now);
            profile = ApplicationClassifier.Classify(export.Objects, adopted);
        }
        var sourceFacts = await On(source, c => gateway.ReadFactsAsync(c, ClusterConnections.VeleroNamespaceOf(source), ct));
        var targetFacts = await On(target, c => gateway.ReadFactsAsync(c, ClusterConnections.VeleroNamespaceOf(target), ct));
        var recommendation = PlaybookAdvisor.Recommend(profile, PairFacts(profile, sourceFacts, targetFacts));
        app.RecordInspection(Classify(profile), recommendation, now);
        return null;
    }

    /// <summary>The GitOps object named for the application must exist and deploy into its namespace: freezing and
    /// switching one that deploys elsewhere (an app of apps) would move other applications with it.</summary>
    public static string? GitOpsProblem(MigrationApplication app, JsonObject? gitOpsObject, string sourceName)
    {
        if (app.GitOps.Kind == GitOpsKind.None) return null;
        if (gitOpsObject is null) return $"{app.GitOps} was not found on {sourceName}; name the object that deploys {app.SourceNamespace}, or none.";
        var deploysInto = app.GitOps.Kind == GitOpsKind.ArgoCdApplication
            ? gitOpsObject["spec"]?["destination"]?["namespace"]?.GetValue<string>()
            : gitOpsObject["spec"]?["targetNamespace"]?.GetValue<string>();
        return deploysInto is not null && deploysInto != app.SourceNamespace
            ? $"{app.GitOps} deploys into {deploysInto}, not {app.SourceNamespace}: freezing and switching it would move more than this application."
            : null;
    }

    /// <summary>Exports, transforms with the application's mappings, and checks the result against the target.</summary>
    public async Task PreflightAsync(IPortalDbContext db, MigrationApplication app, MigrationWave wave, Cluster source, Cluster target,
        string tenantName, DateTimeOffset now, CancellationToken ct)
    {
        var export = await On(source, c => gateway.ExportNamespaceAsync(c, app.SourceNamespace, ct));
        var transform = ManifestTransformer.Transform(export.Objects, app.EffectiveMappings);
        var sourceFacts = await On(source, c => gateway.ReadFactsAsync(c, ClusterConnections.VeleroNamespaceOf(source), ct));
        var targetFacts = await On(target, c => gateway.ReadFactsAsync(c, ClusterConnections.VeleroNamespaceOf(target), ct));

        // The portal knows who owns the target's namespaces; the cluster does not.
        var owners = await db.TenantNamespaces.AcrossTenants().AsNoTracking().Where(n => n.ClusterId == target.Id)
            .Join(db.Tenants.AcrossTenants(), n => n.TenantId, t => t.Id, (n, t) => new { n.Namespace, t.DisplayName })
            .ToDictionaryAsync(x => x.Namespace, x => x.DisplayName, ct);
        var facts = targetFacts with
        {
            Namespaces = targetFacts.Namespaces.Select(n => n with { OwnerTenant = owners.GetValueOrDefault(n.Name) }).ToList(),
            SourceBackupLocations = sourceFacts.BackupLocations,
        };
        var sourceClasses = sourceFacts.StorageClasses.ToDictionary(c => c.Name, c => c.Provisioner, StringComparer.Ordinal);
        var report = MigrationPreflight.Run(transform.Objects, app.Playbook, facts, sourceClasses, tenantName);
        var gitOpsObject = await On(source, c => ReadGitOpsObjectAsync(c, app.GitOps, ct));
        var gitOpsProblem = GitOpsProblem(app, gitOpsObject, source.Name);
        var switchNeeds = gitOpsProblem is null
            ? await On(target, c => new GitOpsTargetCheck(gateway).CheckAsync(app, gitOpsObject, connections.For(source), c, facts, ct))
            : [];
        var findings = report.Findings.Concat(GitOpsFindings(app, target.Name, facts)).Concat(switchNeeds).Concat(Unreadable(export))
            .Concat(gitOpsProblem is null ? [] : [new PreflightFinding(PreflightRules.CustomResource, PreflightSeverity.Error, gitOpsProblem)]).ToList();
        app.RecordPreflight(wave, findings, transform.ToReviewYaml(), transform.Objects.Count,
            transform.Skipped.Select(s => s.ToString()).ToList(), transform.Notes, now);
    }

    /// <summary>The Argo CD Applications and Flux Kustomizations on the cluster, by the namespace they deploy into.</summary>
    public async Task<ILookup<string, GitOpsReference>> FindGitOpsAsync(Cluster cluster, CancellationToken ct)
    {
        var found = new List<(string Namespace, GitOpsReference Ref)>();
        foreach (var app in await On(cluster, c => gateway.ListAsync(c, ArgoApiVersion, "Application", null, null, ct)))
        {
            var ns = (app["spec"]?["destination"]?["namespace"])?.GetValue<string>();
            if (ns is not null) found.Add((ns, new GitOpsReference(GitOpsKind.ArgoCdApplication, NameOf(app), NamespaceOf(app))));
        }
        foreach (var k in await On(cluster, c => gateway.ListAsync(c, FluxKustomizeApiVersion, "Kustomization", null, null, ct)))
        {
            var ns = (k["spec"]?["targetNamespace"])?.GetValue<string>();
            if (ns is not null) found.Add((ns, new GitOpsReference(GitOpsKind.FluxKustomization, NameOf(k), NamespaceOf(k))));
        }
        return found.ToLookup(f => f.Namespace, f => f.Ref, StringComparer.Ordinal);
    }

    /// <summary>An Argo CD Application or Flux Kustomization named by the objects' tracking (Argo CD's default namespace
    /// when the tracking does not say); HelmReleases are not frozen by the portal.</summary>
    private static GitOpsReference? Adoptable(GitOpsManagement? found) => found?.Tool switch
    {
        GitOpsTool.ArgoCd => new GitOpsReference(GitOpsKind.ArgoCdApplication, found.Name, found.Namespace ?? "argocd"),
        GitOpsTool.FluxKustomization when found.Namespace is not null => new GitOpsReference(GitOpsKind.FluxKustomization, found.Name, found.Namespace),
        _ => null,
    };

    private async Task<JsonObject?> ReadGitOpsObjectAsync(ClusterConnection source, GitOpsReference gitOps, CancellationToken ct) => gitOps.Kind switch
    {
        GitOpsKind.ArgoCdApplication => await gateway.GetAsync(source, ArgoApiVersion, "Application", gitOps.Namespace, gitOps.Name, ct),
        GitOpsKind.FluxKustomization => await gateway.GetAsync(source, FluxKustomizeApiVersion, "Kustomization", gitOps.Namespace, gitOps.Name, ct),
        _ => null,
    };

    /// <summary>One call to one cluster, its fault in words naming the cluster.</summary>
    private async Task<T> On<T>(Cluster cluster, Func<ClusterConnection, Task<T>> call)
    {
        try
        {
            return await call(connections.For(cluster));
        }
        catch (ClusterAccessException ex)
        {
            throw new MigrationClusterException(cluster.Name, ex);
        }
    }

    /// <summary>The clusters share a backup location when both see the same bucket and prefix as Available, at an address
    /// both reach (not a cluster-local <c>s3Url</c>); they share
    /// storage when every claim's CSI driver is on the target too, with a snapshot class for it on both sides.</summary>
    internal static ClusterPairFacts PairFacts(ApplicationProfile profile, TargetClusterFacts source, TargetClusterFacts target)
    {
        var sharedLocation = source.BackupLocations.Where(b => b.IsAvailable)
            .Any(s => target.BackupLocations.Any(t => t.IsAvailable && t.SharedWith(s)));
        var drivers = profile.Claims.Select(c => source.StorageClasses.FirstOrDefault(s => s.Name == c.StorageClass)
                ?? source.StorageClasses.FirstOrDefault(s => s.IsDefault))
            .Select(s => s?.Provisioner).ToList();
        var sharedStorage = drivers.Count > 0 && drivers.All(d => d is not null
            && target.StorageClasses.Any(t => t.Provisioner == d)
            && source.VolumeSnapshotClasses.Any(v => v.Driver == d)
            && target.VolumeSnapshotClasses.Any(v => v.Driver == d));
        return new ClusterPairFacts(sharedLocation, sharedStorage);
    }

    private static ApplicationClassification Classify(ApplicationProfile p) => new(p.IsStateless, p.HasPersistentVolumeClaims, p.HasDatabase,
        p.IsGitOpsManaged, p.Summary(), p.Claims.Select(c => c.Name).ToList(), p.Databases.Select(d => d.ToString()).ToList(), p.StorageClasses);

    /// <summary>A GitOps-managed application keeps being deployed by GitOps on the target: its tool must be there.</summary>
    private static IEnumerable<PreflightFinding> GitOpsFindings(MigrationApplication app, string targetName, TargetClusterFacts target)
    {
        var (apiVersion, kind, tool) = app.GitOps.Kind switch
        {
            GitOpsKind.ArgoCdApplication => (ArgoApiVersion, "Application", "Argo CD"),
            GitOpsKind.FluxKustomization => (FluxKustomizeApiVersion, "Kustomization", "Flux"),
            _ => ("", "", ""),
        };
        if (tool.Length == 0)
        {
            if (app.Classification.IsGitOpsManaged)
                yield return new PreflightFinding(PreflightRules.CustomResource, PreflightSeverity.Warning,
                    $"The objects say they are deployed by GitOps ({app.Classification.Summary}), but the portal found no Argo CD Application or Flux Kustomization it can freeze: nothing stops GitOps from changing the source during the move, and GitOps is not switched to the target. Name the GitOps object when adding the application, or acknowledge.");
            yield break;
        }
        var served = target.ServedApis.FirstOrDefault(a => a.ApiVersion == apiVersion);
        if (served is null || (served.Kinds.Count > 0 && !served.Kinds.Contains(kind)))
            yield return new PreflightFinding(PreflightRules.CustomResource, PreflightSeverity.Error,
                $"{app.GitOps} deploys this application, but {targetName} does not serve {apiVersion} {kind}: install {tool} on {targetName}, or move the application without GitOps (export/transform/apply).");
    }

    /// <summary>Types the export could not read are not moved: say so, so nobody is surprised on the target.</summary>
    private static IEnumerable<PreflightFinding> Unreadable(NamespaceExport export) =>
        export.Unreadable.Select(u => new PreflightFinding("export", PreflightSeverity.Warning,
            $"The portal could not read {u} on the source; objects of that type will not be moved."));

    private static string NameOf(JsonObject o) => o["metadata"]?["name"]?.GetValue<string>() ?? "";

    private static string NamespaceOf(JsonObject o) => o["metadata"]?["namespace"]?.GetValue<string>() ?? "";
}
