namespace Portal.Application.Features.Databases;

/// <summary>The keys an S3 credentials Secret must hold: the names the AWS CLI reads from its environment,
/// so the Secret can be used as it is.</summary>
public static class S3Credentials
{
    public const string AccessKeyIdKey = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";
}
