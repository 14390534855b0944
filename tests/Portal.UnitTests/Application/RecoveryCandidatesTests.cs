using Portal.Application.Features.Moves.Recovery;
using Portal.Domain.Moves;
using Portal.Domain.Protection;
using Portal.Moves.Preflight;

namespace Portal.UnitTests.Application;

/// <summary>The rules that pick, for each namespace of a lost cluster, the backup its recovery restores (or say why none).</summary>
public class RecoveryCandidatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Lost = Guid.NewGuid(), Shop = Guid.NewGuid(), Finance = Guid.NewGuid();

    private static LostNamespace Ns(string name, Guid? tenant = null, GitOpsReference? gitOps = null) =>
        new(Guid.NewGuid(), tenant ?? Shop, tenant == Finance ? "Finance" : "Shop", name, gitOps, "Met: last good backup 2 h ago");

    private static ObservedBackup Backup(string name, string ns, string location, double hoursAgo, string phase = "Completed", DateTimeOffset? expires = null) =>
        new(Lost, name, Now)
        {
            Phase = phase, IncludedNamespaces = [ns], ExcludedNamespaces = [], StorageLocation = location,
            StartedAt = Now.AddHours(-hoursAgo), CompletedAt = Now.AddHours(-hoursAgo).AddMinutes(3), Expiration = expires,
        };

    private static ObservedLocation Location(string name, string provider, string? bucket, string prefix = "backups") =>
        new(Lost, LocationKind.BackupStorage, name) { Provider = provider, Bucket = bucket, Prefix = prefix, Url = "https://s3.example.com" };

    /// <summary>prod-east's locations: default on the shared bucket, archive on its own.</summary>
    private static readonly ObservedLocation[] LostLocations = [Location("default", "aws", "shared"), Location("archive", "aws", "prod-east-archive")];

    private static BackupLocationFact Replacement(string name, string bucket, bool available = true, string provider = "aws", string prefix = "/backups/") =>
        new(name, provider, bucket, prefix, available ? "Available" : "Unavailable", "ReadOnly", "https://s3.example.com");

    private static IReadOnlyList<RecoveryCandidate> Build(IReadOnlyList<LostNamespace> namespaces, IReadOnlyList<ObservedBackup> backups,
        IReadOnlySet<string>? seen = null, IReadOnlyList<BackupLocationFact>? locations = null, IReadOnlyDictionary<string, Guid>? taken = null,
        IReadOnlyList<ObservedLocation>? lostLocations = null) =>
        RecoveryCandidates.Build("prod-east", "dr-west", namespaces, backups, lostLocations ?? LostLocations,
            seen ?? new HashSet<string>(), locations ?? [Replacement("prod-east", "shared")], taken ?? new Dictionary<string, Guid>(), Now);

    [Fact]
    public void Build_NewestGoodBackupTheReplacementReads_IsChosen()
    {
        var c = Build([Ns("shop")], [Backup("old", "shop", "default", 30), Backup("newest", "shop", "default", 2), Backup("failed", "shop", "default", 1, "PartiallyFailed")],
            seen: new HashSet<string> { "old", "newest" }).Single();
        Assert.True(c.IsRecoverable);
        Assert.Equal("newest", c.Backup!.Name);
        Assert.True(c.Backup.SeenByReplacement);
        Assert.Equal(Now.AddHours(-2), c.Backup.TakenAt);
        Assert.Equal("Met: last good backup 2 h ago", c.Rpo);
    }

    [Fact]
    public void Build_NewerBackupInALocationTheReplacementDoesNotRead_FallsBackToAnOlderOneItReads()
    {
        var c = Build([Ns("shop")], [Backup("archived", "shop", "archive", 1), Backup("shared", "shop", "default", 5)]).Single();
        Assert.Equal("shared", c.Backup!.Name);
        Assert.False(c.Backup.SeenByReplacement); // a location on the same provider, bucket and prefix, Available: the recovery waits for the sync
        Assert.Equal("prod-east", c.Backup.ReplacementLocation);
    }

    [Fact]
    public void Build_ReplacementLocationOfTheSameNameOnAnotherBucket_IsNotTaken()
    {
        // dr-west has "archive" too (same name, same provider), on its own bucket: it never sees prod-east's archive.
        var c = Build([Ns("inventory")], [Backup("archive-1", "inventory", "archive", 1)],
            locations: [Replacement("prod-east", "shared"), Replacement("archive", "dr-west-archive")]).Single();
        Assert.False(c.IsRecoverable);
        Assert.Contains("prod-east-archive", c.Reason);
        Assert.Contains("same provider, bucket and prefix", c.Reason);
    }

    [Fact]
    public void Build_ReplacementLocationOfAnotherNameOnTheSameBucketAndPrefix_IsTaken()
    {
        var c = Build([Ns("inventory")], [Backup("archive-1", "inventory", "archive", 1)],
            locations: [Replacement("east-archive", "prod-east-archive")]).Single();
        Assert.True(c.IsRecoverable);
        Assert.Equal("east-archive", c.Backup!.ReplacementLocation);
    }

    [Fact]
    public void Build_SameBucketButAnotherPrefix_OrAClusterLocalAddress_IsNotTaken()
    {
        Assert.False(Build([Ns("shop")], [Backup("b", "shop", "default", 1)], locations: [Replacement("prod-east", "shared", prefix: "other")]).Single().IsRecoverable);
        var local = Build([Ns("shop")], [Backup("b", "shop", "default", 1)],
            locations: [Replacement("prod-east", "shared") with { Url = "http://minio.velero.svc:9000" }]).Single();
        Assert.False(local.IsRecoverable);
        Assert.Contains("only resolves inside one cluster", local.Reason);
    }

    [Fact]
    public void Build_LocationWhoseBucketThePortalNeverRecorded_IsNotGuessedByName()
    {
        var c = Build([Ns("shop")], [Backup("b", "shop", "default", 1)], lostLocations: [Location("default", "aws", bucket: null)],
            locations: [Replacement("default", "shared")]).Single();
        Assert.False(c.IsRecoverable);
        Assert.Contains("did not record the bucket and prefix", c.Reason);
    }

    [Fact]
    public void Build_NoBackupAtAll_IsListedWithTheReason()
    {
        var c = Build([Ns("catalog")], [Backup("other", "shop", "default", 1)]).Single();
        Assert.False(c.IsRecoverable);
        Assert.Contains("never saw a completed, unexpired backup of catalog on prod-east", c.Reason);
    }

    [Fact]
    public void Build_ExpiredBackup_DoesNotCount()
    {
        var c = Build([Ns("shop")], [Backup("gone", "shop", "default", 50, expires: Now.AddHours(-1))], seen: new HashSet<string> { "gone" }).Single();
        Assert.False(c.IsRecoverable);
    }

    [Fact]
    public void Build_OnlyInALocationTheReplacementLacks_NamesTheLocationAndWhatToDo()
    {
        var c = Build([Ns("inventory")], [Backup("archive-1", "inventory", "archive", 1)]).Single();
        Assert.False(c.IsRecoverable);
        Assert.Contains("\"archive\" (aws prod-east-archive/backups)", c.Reason);
        Assert.Contains("same provider, bucket and prefix", c.Reason);
    }

    [Fact]
    public void Build_ReplacementLocationUnavailableOrOfAnotherProvider_IsNotReadable()
    {
        Assert.False(Build([Ns("shop")], [Backup("b", "shop", "default", 1)], locations: [Replacement("prod-east", "shared", available: false)]).Single().IsRecoverable);
        Assert.False(Build([Ns("shop")], [Backup("b", "shop", "default", 1)], locations: [Replacement("prod-east", "shared", provider: "gcp")]).Single().IsRecoverable);
    }

    [Fact]
    public void Build_NamespaceOfAnotherTenantOnTheReplacement_CannotBeRestoredThere()
    {
        var c = Build([Ns("ledger", Finance)], [Backup("b", "ledger", "default", 1)], seen: new HashSet<string> { "b" },
            taken: new Dictionary<string, Guid> { ["ledger"] = Shop }).Single();
        Assert.False(c.IsRecoverable);
        Assert.Contains("belongs to another tenant", c.Reason);
        // The tenant's own namespace there is fine.
        Assert.True(Build([Ns("ledger", Finance)], [Backup("b", "ledger", "default", 1)], seen: new HashSet<string> { "b" },
            taken: new Dictionary<string, Guid> { ["ledger"] = Finance }).Single().IsRecoverable);
    }

    [Fact]
    public void Build_GitOpsTheSpecOfWhichThePortalNeverRecorded_IsSaid()
    {
        var c = Build([Ns("shop", gitOps: new GitOpsReference(GitOpsKind.ArgoCdApplication, "shop", "argocd"))], [Backup("b", "shop", "default", 1)]).Single();
        Assert.True(c.IsRecoverable);
        Assert.Contains(c.Notes, n => n.Contains("Argo CD Application argocd/shop") && n.Contains("never recorded its spec"));
        Assert.Equal("Not re-created: the portal never recorded its spec.", c.GitOpsAction);
    }

    [Fact]
    public void Build_GitOpsRecordedWhileTheClusterAnswered_IsReCreated_WithoutAWarning()
    {
        var ns = Ns("shop", gitOps: new GitOpsReference(GitOpsKind.FluxKustomization, "shop", "flux-system")) with { GitOpsRecordedAt = Now.AddHours(-1) };
        var c = Build([ns], [Backup("b", "shop", "default", 1)]).Single();
        Assert.Empty(c.Notes);
        Assert.StartsWith("Re-created on dr-west in flux-system after the data is restored", c.GitOpsAction);
    }

    [Fact]
    public void Build_EveryNamespaceIsListed_TenantsThenNames()
    {
        var all = Build([Ns("zeta"), Ns("ledger", Finance), Ns("alpha")], []);
        Assert.Equal(["ledger", "alpha", "zeta"], all.Select(c => c.Namespace).ToArray());
    }
}
