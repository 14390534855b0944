using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Schedules;
using Portal.Databases;
using Portal.Databases.Jobs;
using Portal.Domain.Common;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Databases.Schedules;

/// <param name="ClientMajorVersion">The client tools' major version ("16", "8.4"); null for the server's own.</param>
/// <param name="CnpgMethod">Only for <see cref="DumpMethod.CloudNativePg"/>.</param>
public sealed record CreateDumpScheduleCommand(
    Guid DatabaseId,
    string Name,
    DumpMethod Method,
    string Cron,
    string? TimeZone,
    string? DatabaseName = null,
    PostgresDumpOptions? Postgres = null,
    MySqlDumpOptions? MySql = null,
    DumpDestination? Destination = null,
    DumpRetention? Retention = null,
    string? ClientMajorVersion = null,
    CnpgBackupMethod? CnpgMethod = null,
    string? Reason = null);

public sealed record DumpScheduleCreated(Guid ScheduleId, Guid RequestId);

/// <summary>A DB engineer schedules dumps of a database of their tenant. Everything that can be checked is checked
/// before anything is written: the cron and zone, the options, the client image against the server's version, the
/// destination claim (exists with a writable access mode, or does not exist yet when it is to be created) or the
/// S3 credentials Secret. Then the schedule is saved and a request carries it to the cluster.</summary>
public sealed class CreateDumpSchedule(UseCaseServices s, IExecutionSignal signal, IDatabaseWorkloadGateway gateway, ClusterConnections connections) : IUseCase
{
    public async Task<Result<DumpScheduleCreated>> HandleAsync(CreateDumpScheduleCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(CreateDumpSchedule));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await DatabaseLookup.ForManagerAsync(db, caller, cmd.DatabaseId, ct);
        if (!found.IsSuccess) return found.Error!;
        var database = found.Value!;
        var target = database.Target;

        var name = (cmd.Name ?? "").Trim();
        if (KubernetesName.ExplainInvalidLabel(name, "schedule name") is { } nameProblem) return Error.Validation(nameProblem);
        if (await db.DumpSchedules.AnyAsync(x => x.DatabaseTargetId == target.Id && x.Name == name
                && x.State != DumpScheduleState.Removing && x.State != DumpScheduleState.Removed, ct))
            return Error.Conflict($"{target.Name} already has a schedule named {name}.");

        var zone = string.IsNullOrWhiteSpace(cmd.TimeZone) ? "Etc/UTC" : cmd.TimeZone.Trim();
        if (cmd.Method == DumpMethod.CloudNativePg && zone is not ("Etc/UTC" or "UTC"))
            return Error.Validation("CloudNativePG runs scheduled backups in UTC: set the time zone to Etc/UTC and give the times in UTC.");
        var preview = PreviewSchedule.Preview(cmd.Cron, zone, 1, s.Now);
        if (!preview.IsSuccess) return preview.Error!;
        zone = preview.Value!.TimeZone;

        DumpSchedule schedule;
        try
        {
            schedule = cmd.Method switch
            {
                DumpMethod.CloudNativePg => DumpSchedule.ForOperator(target, name, cmd.CnpgMethod ?? CnpgBackupMethod.BarmanObjectStore, cmd.Cron,
                    caller.Principal.DisplayName, s.Now),
                _ => NativeSchedule(cmd, target, name, zone, caller.Principal.DisplayName),
            };
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        catch (ScheduleRefused refused)
        {
            return Error.Validation(refused.Message);
        }

        if (schedule.Method == DumpMethod.NativeTool)
        {
            try
            {
                if (await DestinationProblemAsync(schedule.Destination, database, ct) is { } problem) return Error.Validation(problem);
            }
            catch (ClusterAccessException ex)
            {
                return Error.Unavailable(ClusterConnections.Explain(ex, database.Cluster.Name));
            }
        }

        db.DumpSchedules.Add(schedule);
        var submitted = await DatabaseRequests.SubmitAsync(db, caller, s, RequestKind.DumpScheduleChange, database, target.Namespace,
            new DumpScheduleChangeParameters(target.Id, schedule.Id, DumpScheduleAction.Apply), cmd.Reason ?? $"New dump schedule {name}", ct);
        if (!submitted.IsSuccess) return submitted.Error!;
        var request = submitted.Value!;
        db.Audit(caller, s.Now, "database.schedule.created", "dump-schedule", schedule.Id.ToString(),
            $"Dump schedule {name} of {target.Name} ({Describe(schedule)}) created", target.TenantId);
        if (await DatabaseRequests.SaveAsync(db, request, s, ct) is { } raced) return raced;
        await DatabaseRequests.AnnounceAsync(s, signal, request);
        return new DumpScheduleCreated(schedule.Id, request.Id);
    }

    private DumpSchedule NativeSchedule(CreateDumpScheduleCommand cmd, DatabaseTarget target, string name, string zone, string createdBy)
    {
        var image = ClientImage(target, cmd.ClientMajorVersion);
        var destination = cmd.Destination ?? throw new ScheduleRefused("Choose where the dumps go: a volume claim or S3 object storage.");
        // Never a retention the engineer did not choose: a default here would silently delete dumps they meant to keep.
        var retention = cmd.Retention ?? throw new ScheduleRefused("Choose how long to keep the dumps: the last N dumps, or N days of dumps.");
        return new DumpSchedule(target, name, cmd.DatabaseName?.Trim(), cmd.Postgres, cmd.MySql, Normalize(destination), cmd.Cron, zone, retention, image,
            createdBy, s.Now);
    }

    /// <summary>The official image whose client fits the server; a client older than the server is refused with the reason.</summary>
    internal static string ClientImage(DatabaseTarget target, string? clientMajor)
    {
        var requested = string.IsNullOrWhiteSpace(clientMajor) ? null : clientMajor.Trim();
        if (target.ServerMajorVersion is null && requested is null)
            throw new ScheduleRefused($"The server version of {target.Name} is unknown: choose the client version (at least the server's).");
        var server = target.ServerMajorVersion is { } major ? EngineMapping.ServerVersionText(target.Engine, major) : requested!;
        var choice = ClientImagePolicy.For(target.Engine, server, requested);
        return choice.Image ?? throw new ScheduleRefused(choice.Refusal!);
    }

    private static DumpDestination Normalize(DumpDestination d) => d with
    {
        PvcName = d.PvcName?.Trim(),
        StorageClass = string.IsNullOrWhiteSpace(d.StorageClass) ? null : d.StorageClass.Trim(),
        S3Endpoint = d.S3Endpoint?.Trim(),
        S3Bucket = d.S3Bucket?.Trim(),
        S3Prefix = string.IsNullOrWhiteSpace(d.S3Prefix) ? null : d.S3Prefix.Trim().Trim('/'),
        S3CredentialsSecret = d.S3CredentialsSecret?.Trim(),
    };

    /// <summary>What is wrong with the destination on the cluster, in words; null when dumps can be written there.</summary>
    private async Task<string?> DestinationProblemAsync(DumpDestination d, ManagedDatabase database, CancellationToken ct)
    {
        var ns = database.Target.Namespace;
        var connection = connections.For(database.Cluster);
        if (d.Kind == DumpDestinationKind.S3)
        {
            var keys = await gateway.GetSecretKeysAsync(connection, ns, d.S3CredentialsSecret!, ct);
            if (keys is null) return $"There is no Secret {d.S3CredentialsSecret} in namespace {ns} for the S3 credentials.";
            var missing = new[] { S3Credentials.AccessKeyIdKey, S3Credentials.SecretAccessKeyKey }.Where(k => !keys.Keys.Contains(k)).ToList();
            return missing.Count == 0 ? null
                : $"Secret {d.S3CredentialsSecret} has no key {string.Join(" or ", missing)}; S3 credentials need {S3Credentials.AccessKeyIdKey} and {S3Credentials.SecretAccessKeyKey}.";
        }
        var claim = await gateway.GetVolumeClaimAsync(connection, ns, d.PvcName!, ct);
        if (d.CreatePvc)
            return claim is null ? null : $"A volume claim {d.PvcName} exists already in {ns}: choose it as an existing claim, or give the new one another name.";
        if (claim is null) return $"There is no volume claim {d.PvcName} in namespace {ns}. Choose an existing claim or let the portal create one.";
        return DumpJobManifests.DestinationProblem(claim.Name, claim.AccessModes);
    }

    internal static string Describe(DumpSchedule x) => x.Method == DumpMethod.CloudNativePg
        ? $"CloudNativePG {x.CnpgMethod}, cron {x.OperatorCron} UTC"
        : $"{(x.Postgres is { } pg ? pg.Tool == PostgresDumpTool.PgDumpAll ? "pg_dumpall" : $"pg_dump {pg.Format}" : "mysqldump")}, cron {x.Cron} {x.TimeZone}, "
            + (x.Destination.Kind == DumpDestinationKind.S3 ? $"s3 {x.Destination.S3Bucket}" : $"volume claim {x.Destination.PvcName}");

    /// <summary>A reason the form's input cannot become a schedule, raised while it is assembled.</summary>
    private sealed class ScheduleRefused(string message) : Exception(message);
}
