using Portal.Application.Features.Databases;
using Portal.Databases.Jobs;
using Portal.Domain.Databases;

namespace Portal.Execution.Databases;

/// <summary>Where a schedule's dumps are kept, as the manifest library names it — its volume claim, or its S3 bucket
/// (the pod then dumps onto an emptyDir and an <c>aws</c> container uploads) — and where an artifact is inside it.</summary>
internal static class DumpStorages
{
    public static DumpStorage For(DumpSchedule schedule) => schedule.Destination switch
    {
        { Kind: DumpDestinationKind.S3 } d => new DumpStorage.S3(d.S3Endpoint!, d.S3Bucket!, d.S3Prefix ?? "", d.S3CredentialsSecret!)
        {
            AccessKeyIdKey = S3Credentials.AccessKeyIdKey,
            SecretAccessKeyKey = S3Credentials.SecretAccessKeyKey,
        },
        var d => new DumpStorage.Pvc(d.PvcName!),
    };

    public static bool IsS3(DumpSchedule schedule) => schedule.Destination.Kind == DumpDestinationKind.S3;

    /// <summary>For the timeline: "volume claim orders-dumps", "s3://dumps/prod".</summary>
    public static string Describe(DumpSchedule schedule) =>
        For(schedule) is DumpStorage.S3 s3 ? $"{s3.Base} at {s3.Endpoint}" : $"volume claim {schedule.Destination.PvcName}";

    /// <summary>The artifact's path relative to the mount, as restore and verification scripts take it. On a claim that
    /// is its recorded location; on S3 the location is <c>s3://bucket/prefix/&lt;path&gt;</c>, and null means the
    /// schedule's bucket or prefix changed since the dump.</summary>
    public static string? ArtifactPath(DumpSchedule schedule, DumpArtifact artifact) =>
        artifact.Location is not { } location ? null
        : For(schedule) is DumpStorage.S3 s3 ? s3.ArtifactOf(location)
        : location;
}
