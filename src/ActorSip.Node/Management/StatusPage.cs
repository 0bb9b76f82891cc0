using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorSip.Node.Management;

/// <summary>The status page at `/`: one static HTML file (embedded) whose script polls the JSON resources.</summary>
public static class StatusPage
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var html = Read();
        app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8"));
    }

    private static string Read()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("status.html")
            ?? throw new InvalidOperationException("status.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
