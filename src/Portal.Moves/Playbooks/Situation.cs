using Portal.Domain.Moves;
using Portal.Domain.Databases;
using Portal.Moves.Classification;

namespace Portal.Moves.Playbooks;

/// <summary>The facts about one application and its clusters that the advice is built from, with the words for them.</summary>
internal sealed record Situation(ApplicationProfile Profile, ClusterPairFacts Clusters)
{
    public bool GitOps => Profile.IsGitOpsManaged;

    public bool HasData => !Profile.IsStateless;

    public bool HasClaims => Profile.HasPersistentVolumeClaims;

    public IReadOnlyList<DetectedDatabase> DataDatabases => Profile.Databases.Where(d => d.HasPersistentStorage).ToList();

    public IReadOnlyList<DetectedDatabase> NotDumpable => DataDatabases.Where(d => !d.Engine.CanDump()).ToList();

    /// <summary>GitOps redeploys everything, and every piece of data is in databases the portal can dump.</summary>
    public bool DumpCoversAllData => GitOps && DataDatabases.Count > 0 && NotDumpable.Count == 0 && Profile.NonDatabaseClaims.Count == 0;

    public string Manager => Profile.GitOps?.ToString() ?? "";

    public string ClaimList => string.Join(", ", Profile.Claims.Select(c =>
        c.IsTemplate ? $"\"{c.Name}\" (claim template of StatefulSet \"{c.UsedBy?.Name}\")" : $"\"{c.Name}\""));

    public string NonDatabaseClaimList => Quote(Profile.NonDatabaseClaims.Select(c => c.Name));

    public string DatabaseList => string.Join(", ", DataDatabases.Select(d => d.ToString()));

    public string NotDumpableList => string.Join(", ", NotDumpable.Select(d => d.Engine.Display()).Distinct());

    /// <summary>Where the data lives, e.g. "the claims "data", "uploads"" or "the database PostgreSQL (…)".</summary>
    public string DataPlaces => HasClaims ? $"the claims {ClaimList}" : $"the database {DatabaseList}";

    /// <summary>" N objects are not in Git …" when GitOps would not recreate some, else "".</summary>
    public string UnmanagedCaveat
    {
        get
        {
            var missing = Profile.NotManagedByGitOps;
            if (missing.Count == 0) return "";
            var shown = string.Join(", ", missing.Take(5));
            var more = missing.Count > 5 ? $" and {missing.Count - 5} more" : "";
            return $" {missing.Count} object(s) carry no mark of {Manager} and would not be recreated from Git: {shown}{more}. Add them to Git or copy them to the target before the switch.";
        }
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));
}
