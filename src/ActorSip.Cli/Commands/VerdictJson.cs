using System.Text.Json.Serialization;

namespace ActorSip.Cli.Commands;

/// <summary>Source-generated JSON for the CLI's outputs: no reflection, so the single-file binary can be trimmed.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SipParseCommand.Verdict), TypeInfoPropertyName = "Verdict")]
internal sealed partial class VerdictJson : JsonSerializerContext;
