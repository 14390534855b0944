using System.Text.RegularExpressions;

namespace Portal.Databases.Jobs;

/// <summary>
/// Where a dump pod keeps its artifacts. <see cref="Pvc"/>: a volume claim mounted at the workload's mount path, the
/// scripts write and read it directly. <see cref="S3"/>: an <c>emptyDir</c> at the same mount path, filled by the dump
/// and uploaded by an <c>aws</c> container (or downloaded before a restore), so the database scripts are the same.
/// </summary>
public abstract partial record DumpStorage
{
    private DumpStorage() { }

    /// <summary>A claim in the workload's namespace (see <see cref="DumpJobManifests.DestinationProblem"/>).</summary>
    public sealed record Pvc(string ClaimName) : DumpStorage;

    /// <summary>
    /// An S3 bucket or an S3-compatible store (MinIO, Ceph RGW, ...) at <paramref name="Endpoint"/>. Artifacts go to
    /// <c>s3://Bucket/Prefix/&lt;artifact as the dump reports it&gt;</c>. The Secret <paramref name="CredentialsSecret"/>
    /// holds the access key under <see cref="AccessKeyIdKey"/> and <see cref="SecretAccessKeyKey"/> (the names the AWS
    /// CLI reads, so an existing Secret can be used as it is). Without <paramref name="Region"/> the CLI signs for
    /// <c>us-east-1</c>, which S3-compatible stores accept.
    /// </summary>
    public sealed record S3(string Endpoint, string Bucket, string Prefix, string CredentialsSecret, string? Region = null) : DumpStorage
    {
        public const string DefaultImage = "amazon/aws-cli";

        public string AccessKeyIdKey { get; init; } = "AWS_ACCESS_KEY_ID";

        public string SecretAccessKeyKey { get; init; } = "AWS_SECRET_ACCESS_KEY";

        /// <summary>The image with the <c>aws</c> CLI (and sh, sha256sum, sed, awk); pin a version in production.</summary>
        public string Image { get; init; } = DefaultImage;

        /// <summary><c>s3://bucket/prefix</c>, without a trailing slash.</summary>
        public string Base => "s3://" + Bucket + (Prefix.Trim('/').Length == 0 ? "" : "/" + Prefix.Trim('/'));

        /// <summary>Where the artifact a dump reported (relative to the mount) is stored.</summary>
        public string Location(string artifact) => Base + "/" + artifact.TrimStart('/');

        /// <summary>The artifact path (relative to the mount, what a restore spec takes) of an <c>s3://</c> location in
        /// this bucket and prefix; null for any other location.</summary>
        public string? ArtifactOf(string location) =>
            location.StartsWith(Base + "/", StringComparison.Ordinal) && location.Length > Base.Length + 1
                ? location[(Base.Length + 1)..]
                : null;
    }

    internal IEnumerable<string> Validate()
    {
        switch (this)
        {
            case Pvc p:
                if (!KubeNames.IsValidObjectName(p.ClaimName))
                    yield return $"The volume claim name \"{p.ClaimName}\" is not a valid Kubernetes name.";
                break;
            case S3 s:
                if (!Uri.TryCreate(s.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
                    || !ShellQuote.IsQuotable(s.Endpoint))
                    yield return $"The S3 endpoint \"{s.Endpoint}\" must be an http(s) URL, e.g. https://s3.eu-west-1.amazonaws.com or http://minio.storage:9000.";
                if (!BucketName().IsMatch(s.Bucket ?? "") || s.Bucket!.Contains("..", StringComparison.Ordinal))
                    yield return $"The bucket name \"{s.Bucket}\" must be 3 to 63 lowercase letters, digits, '.' and '-'.";
                if (!S3Prefix().IsMatch(s.Prefix ?? "") || (s.Prefix ?? "").Split('/').Any(x => x is "." or ".."))
                    yield return $"The S3 prefix \"{s.Prefix}\" must be a path of letters, digits, '.', '_', '-' and '/', without '..'.";
                if (!KubeNames.IsValidObjectName(s.CredentialsSecret))
                    yield return $"The S3 credentials Secret name \"{s.CredentialsSecret}\" is not a valid Kubernetes name.";
                if (string.IsNullOrWhiteSpace(s.AccessKeyIdKey) || string.IsNullOrWhiteSpace(s.SecretAccessKeyKey))
                    yield return "The S3 credentials need the Secret keys of the access key id and the secret access key.";
                if (s.Region is not null && !RegionName().IsMatch(s.Region))
                    yield return $"The region \"{s.Region}\" is not a region name such as eu-west-1.";
                if (string.IsNullOrWhiteSpace(s.Image))
                    yield return "The image with the AWS CLI is missing.";
                break;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();

    [GeneratedRegex("^/?([A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?)?$")]
    private static partial Regex S3Prefix();

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex RegionName();
}
