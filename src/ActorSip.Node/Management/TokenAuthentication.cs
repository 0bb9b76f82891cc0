using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorSip.Node.Management;

/// <summary>
/// Bearer-token check for the management endpoint: every request but /health and the status page's HTML (which holds
/// no data; its script sends the token with each fetch) must carry
/// `Authorization: Bearer TOKEN`. The comparison is of SHA-256 digests in constant time, so neither the token's
/// length nor its prefix leaks through response timing.
/// </summary>
public static class TokenAuthentication
{
    public static void Use(IApplicationBuilder app, string token)
    {
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/health" || context.Request.Path == "/" || IsValid(context.Request.Headers.Authorization.ToString(), expected))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"actorsip\"";
            await context.Response.WriteAsJsonAsync(new { error = "a management token is required: set ACTORSIP_TOKEN for actorsip (Authorization: Bearer ...)" });
        });
    }

    public static bool IsValid(string authorization, byte[] expectedDigest)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, expectedDigest);
    }
}
