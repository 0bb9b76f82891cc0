using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace ActorSip.Cluster.Tests;

/// <summary>
/// Walks the fields of an object graph (ActorSip's own types, collections, arrays) and reports where a string, byte[]
/// or char[] holds a given secret. It stops at other libraries' types (an actor system, a socket) on purpose: what
/// it answers is "does this object keep the secret", not "is it anywhere in the process".
/// </summary>
internal static class ObjectGraph
{
    public static List<string> FindSecret(object root, string secret)
    {
        var utf8 = Encoding.UTF8.GetBytes(secret);
        var found = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<(object Value, string Path)>();
        queue.Enqueue((root, root.GetType().Name));
        while (queue.Count > 0 && seen.Count < 100_000)
        {
            var (value, path) = queue.Dequeue();
            if (!seen.Add(value)) continue;
            switch (value)
            {
                case string s:
                    if (s.Contains(secret, StringComparison.Ordinal)) found.Add(path);
                    continue;
                case byte[] bytes:
                    if (bytes.AsSpan().IndexOf(utf8) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) >= 0) found.Add(path);
                    continue;
                case char[] chars:
                    if (chars.AsSpan().IndexOf(secret.AsSpan()) >= 0) found.Add(path);
                    continue;
                case Array array:
                    var i = 0;
                    foreach (var item in array)
                    {
                        if (item is not null) queue.Enqueue((item, $"{path}[{i}]"));
                        i++;
                    }
                    continue;
            }
            var type = value.GetType();
            if (!Followed(type)) continue;
            for (var t = type; t is not null; t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRefLike) continue;
                if (field.GetValue(value) is { } child) queue.Enqueue((child, $"{path}.{field.Name}"));
            }
        }
        return found;
    }

    private static bool Followed(Type type)
    {
        var ns = type.Namespace ?? "";
        return ns.StartsWith("ActorSip", StringComparison.Ordinal)
               || ns.StartsWith("System.Collections", StringComparison.Ordinal)
               || type.IsGenericType && type.GetGenericTypeDefinition().FullName?.StartsWith("System.ValueTuple", StringComparison.Ordinal) == true
               || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
               || type.IsDefined(typeof(CompilerGeneratedAttribute), false);
    }
}
