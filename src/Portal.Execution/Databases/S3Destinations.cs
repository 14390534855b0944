using Portal.Domain.Databases;

namespace Portal.Execution.Databases;

/// <summary>
/// The one place that knows dumps to S3 cannot run yet: the manifest library gains its S3 storage option on
/// another branch. Every executor asks here first, so a schedule saved with an S3 destination fails its request
/// in words instead of half-running; when the library lands, this answers null and the mapping grows the S3 case.
/// </summary>
internal static class S3Destinations
{
    /// <summary>Why <paramref name="schedule"/>'s dumps cannot be written or read by this build; null when they can.</summary>
    public static string? Refusal(DumpSchedule schedule) =>
        schedule.Method == DumpMethod.NativeTool && schedule.Destination.Kind == DumpDestinationKind.S3
            ? $"S3 destinations (bucket {schedule.Destination.S3Bucket}) are not available in this build: the schedule {schedule.Name} "
              + "was saved, but nothing can be dumped to or restored from object storage yet. Use a volume claim destination for now."
            : null;
}
