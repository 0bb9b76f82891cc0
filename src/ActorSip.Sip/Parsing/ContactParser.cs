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

    /// <summary>Every Contact field of a message, read from its bytes without a string per field.</summary>
    internal static bool TryParse(SipHeaders headers, out ContactHeader contact)
    {
        contact = null!;
        var count = headers.CountOf(HeaderId.Contact);
        if (count == 0) return false;
        var list = new List<NameAddress>(count);
        Span<char> buffer = stackalloc char[SipHeaders.StackChars];
        for (var i = 0; i < headers.Count; i++)
        {
            if (headers.IdAt(i) != HeaderId.Contact) continue;
            using var value = headers.ValueChars(i, buffer);
            if (!TryParseField(value.Span, list, out var wildcard, out _)) return false;
            if (wildcard)
            {
                if (count != 1) return false;
                contact = ContactHeader.Wildcard;
                return true;
            }
        }
        contact = new ContactHeader(false, list);
        return true;
    }

    /// <param name="into">Null: validate only.</param>
    internal static bool TryParseField(ReadOnlySpan<char> field, List<NameAddress>? into, out bool wildcard, out string error)
    {
        wildcard = field.Trim().SequenceEqual("*");
        if (wildcard)
        {
            error = "";
            return true;
        }
        return NameAddressParser.TryParseOrValidateList(field, into, out error);
    }
}
