using System.Text;

namespace Portal.ClusterSimulator.Hosting;

/// <summary>Writes the kubeconfig a real cluster admin would hand out: CA data, a bearer token, one context.</summary>
internal static class KubeconfigWriter
{
    public static string Build(string clusterName, Uri server, string caPem, string token)
    {
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        var user = $"{clusterName}-admin";
        return $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {{clusterName}}
              cluster:
                server: {{server.GetLeftPart(UriPartial.Authority)}}
                certificate-authority-data: {{ca}}
            users:
            - name: {{user}}
              user:
                token: {{token}}
            contexts:
            - name: {{clusterName}}
              context:
                cluster: {{clusterName}}
                user: {{user}}
                namespace: default
            current-context: {{clusterName}}
            preferences: {}

            """;
    }
}
