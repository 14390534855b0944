using Portal.Application.Features.Databases;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests.Details;

/// <summary>What a database request is about, in names: the database, the schedule, the dump and where it goes.</summary>
/// <param name="About">One sentence for lists and the approval inbox, e.g. "Overwrite database app on shop-db with the dump of …".</param>
/// <param name="TargetDatabaseId">The registered server a restore writes into (the dump's own for same/new database).</param>
/// <param name="Dumps">The dumps this request made (dump now, recovery point), newest first.</param>
public sealed record DatabaseRequestFacts(
    Guid DatabaseId,
    string DatabaseName,
    string About,
    Guid? ScheduleId = null,
    string? ScheduleName = null,
    DumpScheduleAction? ScheduleAction = null,
    Guid? ArtifactId = null,
    string? ArtifactLocation = null,
    DateTimeOffset? ArtifactStartedAt = null,
    RestoreTarget? RestoreTarget = null,
    Guid? TargetDatabaseId = null,
    string? TargetServerName = null,
    string? TargetDatabaseName = null,
    bool Overwrite = false,
    bool? Verify = null,
    TimeSpan? BackupTtl = null,
    IReadOnlyList<DumpArtifactView>? Dumps = null);
