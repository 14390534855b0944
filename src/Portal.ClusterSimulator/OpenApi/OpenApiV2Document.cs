using System.Text;
using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.OpenApi;

/// <summary>
/// A minimal, empty swagger 2.0 document for /openapi/v2. kubectl only reads it for client-side validation
/// (e.g. <c>kubectl apply -f</c> of a <c>kind: List</c>); it asks for the gnostic protobuf encoding, and with no
/// definitions it validates nothing client-side, leaving strict validation to the server (which has v3).
/// </summary>
internal static class OpenApiV2Document
{
    // what kube-apiserver answers; the "@" form clients ask with is not a valid media type for Go's parser
    public const string ProtobufContentType = "application/octet-stream";

    public static JsonObject Json() => new()
    {
        ["swagger"] = "2.0",
        ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.30.4-portal-sim" },
        ["paths"] = new JsonObject(),
        ["definitions"] = new JsonObject(),
    };

    /// <summary>openapi_v2.Document{swagger: "2.0" (field 1), info: {title (1), version (2)} (field 2)} in protobuf wire format.</summary>
    public static byte[] Protobuf()
    {
        var info = Concat(StringField(1, "Kubernetes"), StringField(2, "v1.30.4-portal-sim"));
        return Concat(StringField(1, "2.0"), BytesField(2, info));
    }

    private static byte[] StringField(int number, string value) => BytesField(number, Encoding.UTF8.GetBytes(value));

    private static byte[] BytesField(int number, byte[] value) =>
        Concat([(byte)((number << 3) | 2)], Varint(value.Length), value);

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        var v = (uint)value;
        while (v >= 0x80)
        {
            bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }
        bytes.Add((byte)v);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
