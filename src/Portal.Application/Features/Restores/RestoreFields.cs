namespace Portal.Application.Features.Restores;

/// <summary>The inputs of a restore (and of its preview) that a refusal can be about, as <see cref="Common.Error.Field"/>: a form
/// shows the words next to that input, and the API names its body's field of the same name.</summary>
public static class RestoreFields
{
    public const string Backup = "backupName";
    public const string TargetNamespace = "targetNamespace";
    public const string TargetCluster = "targetClusterId";
    public const string ConfirmExistingTarget = "confirmExistingTarget";
    public const string StorageClassMap = "storageClassMap";
    public const string IngressClassMap = "ingressClassMap";
}
