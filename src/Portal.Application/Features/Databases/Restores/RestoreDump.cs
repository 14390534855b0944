using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Databases;
using Portal.Domain.Common;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using DatabaseEngine = Portal.Domain.Databases.DatabaseEngine;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Databases.Restores;

/// <param name="TargetDatabaseId">The registered server to restore into; for <see cref="RestoreTarget.SameDatabase"/> and
/// <see cref="RestoreTarget.NewDatabase"/> the dump's own (may be null).</param>
/// <param name="TargetDatabaseName">The database on that server; for <see cref="RestoreTarget.SameDatabase"/> the dumped one.</param>
/// <param name="Confirmation">When an existing database is overwritten: its name, typed by the user.</param>
public sealed record RestoreDumpCommand(Guid ArtifactId, RestoreTarget Target, Guid? TargetDatabaseId = null, string? TargetDatabaseName = null,
    string? Confirmation = null, bool Verify = true, string? Reason = null);

/// <summary>A DB engineer restores one dump: into the same database (overwrite), a new database on the same server,
/// or a database of another registered server of the tenant. Overwriting is its own kind of request, so the tenant's
/// policy decides who approves it, and it needs the database's name typed as confirmation.</summary>
public sealed class RestoreDump(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(RestoreDumpCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(RestoreDump));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var artifact = await db.DumpArtifacts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == cmd.ArtifactId, ct);
        if (artifact is null) return Error.NotFound("The dump");
        var source = await DatabaseLookup.ForManagerAsync(db, caller, artifact.DatabaseTargetId, ct);
        if (!source.IsSuccess) return source.Error!.Kind == ErrorKind.NotFound ? Error.NotFound("The dump") : source.Error!;
        var schedule = await db.DumpSchedules.AsNoTracking().FirstAsync(x => x.Id == artifact.ScheduleId, ct);

        if (artifact.Method == DumpMethod.CloudNativePg)
            return Error.Validation("A CloudNativePG backup is restored by bootstrapping a new Cluster from it (spec.bootstrap.recovery), not by a restore Job; the portal restores pg_dump and mysqldump artifacts.");
        if (!artifact.IsRestorable)
            return Error.Validation($"This dump {(artifact.Status == DumpArtifactStatus.Running ? "is still running" : "failed")}; only a successful dump can be restored.");
        var kind = ArtifactNames.KindOf(artifact.Location!);
        if (kind is null) return Error.Validation($"The portal does not know how to restore {artifact.Location}.");
        if (kind == ArtifactKind.PgGlobals)
            return Error.Validation("A pg_dumpall globals file holds roles and tablespaces, not a database; apply it with psql by hand.");

        // Where it goes.
        ManagedDatabase target;
        if (cmd.Target == RestoreTarget.OtherDatabase)
        {
            if (cmd.TargetDatabaseId is not { } otherId || otherId == source.Value!.Target.Id)
                return Error.Validation("Choose the other database server to restore into.");
            var other = await DatabaseLookup.ForManagerAsync(db, caller, otherId, ct);
            if (!other.IsSuccess) return other.Error!;
            target = other.Value!;
            if (target.Target.TenantId != source.Value!.Target.TenantId)
                return Error.Validation("A dump can only be restored into a database of the same tenant.");
        }
        else
        {
            target = source.Value!;
        }
        var from = source.Value!.Target;
        var to = target.Target;
        if (TenantNamespaceName.Explain(to.Namespace) is { } reserved) return Error.Validation($"{to.Name} cannot take a restore: {reserved}");
        if ((from.Engine == DatabaseEngine.PostgreSql) != (to.Engine == DatabaseEngine.PostgreSql))
            return Error.Validation($"A {from.Engine.Display()} dump cannot be restored into {to.Engine.Display()} ({to.Name}).");
        if (schedule.Destination.Kind == DumpDestinationKind.PersistentVolumeClaim && (to.ClusterId != from.ClusterId || to.Namespace != from.Namespace))
            return Error.Validation($"This dump lives on volume claim {schedule.Destination.PvcName} in {from.Namespace}; a restore Job can only mount it there. "
                + "Restore into a database in that namespace, or use an S3 destination for dumps that move between namespaces or clusters.");

        var databaseName = cmd.Target == RestoreTarget.SameDatabase ? schedule.DatabaseName : (cmd.TargetDatabaseName ?? "").Trim();
        if (string.IsNullOrEmpty(databaseName)) return Error.Validation("Name the database to restore into.");
        if (databaseName.Length > 63 || databaseName.Any(char.IsControl) || databaseName.IndexOfAny(['/', '\\', '.']) >= 0)
            return Error.Validation($"'{databaseName}' is not a usable database name (1 to 63 characters, no '/', '\\', '.' or control characters).");
        var overwrite = cmd.Target == RestoreTarget.SameDatabase || to.DatabaseNames.Contains(databaseName);
        if (cmd.Target == RestoreTarget.NewDatabase && overwrite)
            return Error.Validation($"{databaseName} exists on {to.Name}; to replace it, choose \"the same database\" and confirm the overwrite.");
        if (overwrite && kind is ArtifactKind.PgPlain or ArtifactKind.PgPlainGz)
            return Error.Validation("A plain SQL dump cannot clean an existing database first: restore it into a new database, or dump in the custom or directory format.");
        if (overwrite && (cmd.Confirmation ?? "").Trim() != databaseName)
            return Error.Validation($"Restoring over {databaseName} replaces what is in it now. Type {databaseName} to confirm.");

        var parameters = new DatabaseRestoreParameters(from.Id, artifact.Id, cmd.Target, to.Id, databaseName, overwrite, cmd.Verify);
        var submitted = await DatabaseRequests.SubmitAsync(db, caller, s, overwrite ? RequestKind.DatabaseOverwrite : RequestKind.DatabaseRestore,
            target, to.Namespace, parameters, cmd.Reason, ct);
        if (!submitted.IsSuccess) return submitted.Error!;
        var request = submitted.Value!;
        if (await DatabaseRequests.SaveAsync(db, request, s, ct) is { } raced) return raced;
        await DatabaseRequests.AnnounceAsync(s, signal, request);
        return request.Id;
    }
}
