using Microsoft.AspNetCore.Http;

namespace ActorSip.Node.Management;

/// <summary>
/// Who sent a management request, as the audit trail records it: `token:NAME` when the request's bearer token named
/// it (a header cannot override that), else, on a loopback endpoint without tokens, `user:NAME` from the OS user name
/// the CLI sends in <see cref="UserHeader"/>, else `anonymous`.
/// </summary>
public static class RequestOperator
{
    public const string UserHeader = "X-ActorSip-User";
    private const string Key = "actorsip.operator";

    public static void SetToken(HttpContext context, string name) => context.Items[Key] = "token:" + name;

    public static string Of(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var named) && named is string tokenName) return tokenName;
        var user = context.Request.Headers[UserHeader].ToString();
        return OperatorName.IsValid(user) ? "user:" + user : "anonymous";
    }
}
