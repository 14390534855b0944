using Portal.Domain.Moves;
using Portal.Domain.Databases;

namespace Portal.Moves.Classification;

public enum GitOpsTool
{
    ArgoCd,
    FluxKustomization,
    FluxHelmRelease,
}

/// <summary>A database found in the application: a CloudNativePG <c>Cluster</c>, or a Deployment/StatefulSet
/// running a database image. <see cref="HasPersistentStorage"/> is false for one that keeps its data only in
/// memory or an emptyDir (a cache): nothing of it survives a restart, so nothing needs moving.</summary>
public sealed record DetectedDatabase(DatabaseEngine Engine, ObjectKey Object, string Evidence, bool HasPersistentStorage)
{
    public override string ToString() => $"{Engine.Display()} ({Evidence})";
}

/// <summary>The Argo CD Application, Flux Kustomization or Flux HelmRelease that manages the application, and how
/// that was found.</summary>
public sealed record GitOpsManagement(GitOpsTool Tool, string Name, string? Namespace, string Evidence)
{
    public override string ToString() => $"{Tool.Title()} \"{(Namespace is null ? Name : Namespace + "/" + Name)}\"";
}

/// <summary>A PersistentVolumeClaim of the export, or a StatefulSet volumeClaimTemplate (<see cref="IsTemplate"/>),
/// with its storage class, the workload that mounts it, and whether that workload is a database.</summary>
public sealed record ClaimUse(string Name, string? StorageClass, ObjectKey? UsedBy, bool IsDatabaseStorage, bool IsTemplate);

/// <summary>What the classifier found out about one application.</summary>
public sealed record ApplicationProfile(
    IReadOnlyList<ClaimUse> Claims,
    IReadOnlyList<DetectedDatabase> Databases,
    GitOpsManagement? GitOps,
    IReadOnlyList<ObjectKey> NotManagedByGitOps)
{
    public bool HasPersistentVolumeClaims => Claims.Count > 0;

    public bool HasDatabase => Databases.Count > 0;

    public bool IsGitOpsManaged => GitOps is not null;

    /// <summary>No claims and no database that keeps data: nothing but configuration needs to move.</summary>
    public bool IsStateless => Claims.Count == 0 && !Databases.Any(d => d.HasPersistentStorage);

    /// <summary>Claims that hold something other than a found database's files (uploads, caches on disk, ...).</summary>
    public IReadOnlyList<ClaimUse> NonDatabaseClaims => Claims.Where(c => !c.IsDatabaseStorage).ToList();

    /// <summary>The storage classes the claims ask for (source names), distinct and sorted.</summary>
    public IReadOnlyList<string> StorageClasses =>
        Claims.Select(c => c.StorageClass).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The profile in one line, e.g. "has PVCs, has a database (PostgreSQL), managed by Argo CD Application "shop"".</summary>
    public string Summary()
    {
        var parts = new List<string>();
        if (IsStateless) parts.Add("stateless");
        if (HasPersistentVolumeClaims) parts.Add($"has PVCs ({string.Join(", ", Claims.Select(c => c.Name))})");
        if (HasDatabase) parts.Add($"has a database ({string.Join(", ", Databases.Select(d => d.Engine.Display()).Distinct())})");
        parts.Add(GitOps is null ? "not managed by GitOps" : $"managed by {GitOps}");
        return string.Join(", ", parts);
    }
}

public static class ClassificationTitles
{
    public static string Title(this GitOpsTool tool) => tool switch
    {
        GitOpsTool.ArgoCd => "Argo CD Application",
        GitOpsTool.FluxKustomization => "Flux Kustomization",
        _ => "Flux HelmRelease",
    };
}
