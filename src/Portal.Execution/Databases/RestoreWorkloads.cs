using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Databases;
using Portal.Databases.Jobs;
using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using DomainEngine = Portal.Domain.Databases.DatabaseEngine;

namespace Portal.Execution.Databases;

/// <summary>One dump artifact, restored and then checked: the restore pod and the verification pod, both in the
/// target database's namespace, with the source schedule's claim mounted read-only (the use case only lets a claim's
/// dumps be restored in the claim's namespace) or the artifact downloaded from its bucket first.</summary>
internal sealed record RestorePlan(DumpArtifact Artifact, DumpSchedule Source, DatabaseTarget SourceDatabase, DatabaseTarget Target,
    DatabaseRestoreParameters Parameters)
{
    public Result<DumpWorkload> Restore(IReadOnlyDictionary<string, string> labels)
    {
        if (Problem() is { } problem) return Error.Validation(problem);
        var mode = Parameters.Overwrite ? RestoreMode.OverwriteExisting : RestoreMode.NewDatabase;
        var script = Target.Engine == DomainEngine.PostgreSql
            ? PostgresScripts.Restore(new PostgresRestoreSpec
            {
                MountPath = DumpWorkloads.MountPath, Artifact = Path, ExpectedSha256 = Artifact.Sha256!,
                TargetDatabase = Parameters.TargetDatabaseName, Mode = mode,
            })
            : MySqlScripts.Restore(new MySqlRestoreSpec
            {
                Engine = Target.Engine, MountPath = DumpWorkloads.MountPath, Artifact = Path,
                ExpectedSha256 = Artifact.Sha256!, TargetDatabase = Parameters.TargetDatabaseName, Mode = mode,
            });
        return Workload(script, labels, "restore");
    }

    public Result<DumpWorkload> Verify(IReadOnlyDictionary<string, string> labels)
    {
        if (Problem() is { } problem) return Error.Validation(problem);
        var spec = new VerifySpec
        {
            Engine = Target.Engine, MountPath = DumpWorkloads.MountPath, Artifact = Path,
            Database = Parameters.TargetDatabaseName,
        };
        var script = Target.Engine == DomainEngine.PostgreSql ? PostgresScripts.Verify(spec) : MySqlScripts.Verify(spec);
        return Workload(script, labels, "verification");
    }

    /// <summary>The S3 credentials Secret the restore pod reads in the target's namespace; null for a claim.</summary>
    public string? S3CredentialsSecret => DumpStorages.IsS3(Source) ? Source.Destination.S3CredentialsSecret : null;

    /// <summary>The artifact's path relative to the mount (see <see cref="DumpStorages.ArtifactPath"/>).</summary>
    private string Path => DumpStorages.ArtifactPath(Source, Artifact) ?? "";

    /// <summary>What changed since the request was accepted, in words; null when the restore can run.</summary>
    private string? Problem() =>
        !Artifact.IsRestorable ? $"The dump {Artifact.JobName} cannot be restored: it is {Artifact.Status} or has no checksum."
        : DumpStorages.ArtifactPath(Source, Artifact) is null
            ? $"The dump is recorded at {Artifact.Location}, outside {DumpStorages.Describe(Source)} where its schedule now keeps dumps; the portal cannot fetch it."
        : !DumpStorages.IsS3(Source) && (Target.ClusterId != SourceDatabase.ClusterId || Target.Namespace != SourceDatabase.Namespace)
            ? $"The dump lives on volume claim {Source.Destination.PvcName} in {SourceDatabase.Namespace}; a restore Job can only mount it there."
        : null;

    private Result<DumpWorkload> Workload(ScriptResult script, IReadOnlyDictionary<string, string> labels, string what)
    {
        if (!script.IsValid) return Error.Validation($"The {what} of {Artifact.Location} cannot be scripted: {string.Join(" ", script.Errors)}");
        return new DumpWorkload
        {
            Namespace = Target.Namespace,
            // Jobs read "<database>-restore-<request>" and "<database>-verify-<request>" in a listing.
            BaseName = Target.Name,
            Labels = labels,
            Engine = Target.Engine,
            Image = Image(),
            Script = script.Script!,
            Host = Target.Host,
            Port = Target.Port,
            Credentials = DumpWorkloads.Credentials(Target),
            Storage = DumpStorages.For(Source),
            // From S3 the pod downloads the artifact first, and checks it against the sha256 the dump reported.
            Artifact = DumpStorages.IsS3(Source) ? new StoredArtifact(Path, Artifact.Sha256!) : null,
            MountPath = DumpWorkloads.MountPath,
        };
    }

    /// <summary>The client that made the dump can read it; it must also be at least as new as the target server.
    /// So: the dump's own image when that holds (or the target's version is unknown), else the target's own.</summary>
    internal string Image()
    {
        if (Target.ServerMajorVersion is not { } major) return Source.ClientImage;
        var server = EngineMapping.ServerVersionText(Target.Engine, major);
        var sameFamily = Target.Engine == SourceDatabase.Engine;
        var dumpClient = Source.ClientImage.Contains(':', StringComparison.Ordinal) ? Source.ClientImage[(Source.ClientImage.LastIndexOf(':') + 1)..] : null;
        if (sameFamily && dumpClient is not null && ClientImagePolicy.For(Target.Engine, server, dumpClient).Image is { } same)
            return same;
        return ClientImagePolicy.For(Target.Engine, server).Image ?? Source.ClientImage;
    }
}
