namespace Portal.ClusterSimulator.Validation;

/// <summary>
/// One schema violation, shaped like a Kubernetes <c>StatusCause</c>: <see cref="Reason"/> is the cause type
/// (FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, FieldValueTypeInvalid, FieldValueUnknown),
/// <see cref="Field"/> the dotted path and <see cref="Message"/> the full human text including the path.
/// </summary>
public sealed record SchemaError(string Field, string Reason, string Message)
{
    public bool IsUnknownField => Reason == SchemaErrorReasons.Unknown;

    public override string ToString() => Message;
}

public static class SchemaErrorReasons
{
    public const string Invalid = "FieldValueInvalid";
    public const string Forbidden = "FieldValueForbidden";
    public const string Required = "FieldValueRequired";
    public const string NotSupported = "FieldValueNotSupported";
    public const string TypeInvalid = "FieldValueTypeInvalid";
    public const string Unknown = "FieldValueUnknown";
    public const string TooLong = "FieldValueTooLong";
}
