using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Parsing;

/// <summary>Contact (RFC 3261 §20.10): <c>*</c> alone, or a list of addresses with contact-params.</summary>
public static class ContactParser
{
    public static bool TryParse(IReadOnlyList<string> fields, out ContactHeader contact, out string error)
    {
        contact = null!;
        var list = new List<NameAddress>(fields.Count);
        foreach (var field in fields)
        {
            if (!TryParseField(field, list, out var wildcard, out error)) return false;
            if (wildcard)
            {
                if (fields.Count != 1)
                {
                    error = "Contact '*' cannot be combined with other contacts";
                    return false;
                }
                contact = ContactHeader.Wildcard;
                return true;
            }
        }
        contact = new ContactHeader(false, list);
        error = "";
        return true;
    }

    internal static bool TryParseField(ReadOnlySpan<char> field, List<NameAddress> into, out bool wildcard, out string error)
    {
        wildcard = field.Trim().SequenceEqual("*");
        if (wildcard)
        {
            error = "";
            return true;
        }
        return NameAddressParser.TryParseList(field, into, out error);
    }
}
