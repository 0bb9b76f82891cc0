namespace ActorSip.Trunks;

/// <summary>Masks the secret of an IOS line as typed (`password [0|7] SECRET`), for reports and audit output.</summary>
public static class IosSecretMask
{
    public static string Mask(string line)
    {
        var words = line.Split(' ');
        for (var i = 0; i < words.Length - 1; i++)
        {
            if (!words[i].Equals("password", StringComparison.OrdinalIgnoreCase)) continue;
            var secret = i + 1;
            if (words[secret] is "0" or "7" && secret + 1 < words.Length) secret++;
            words[secret] = Secret.Mask;
            i = secret;
        }
        return string.Join(' ', words);
    }
}
