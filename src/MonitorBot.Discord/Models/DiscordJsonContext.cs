using System.Text.Json.Serialization;

namespace MonitorBot.Discord.Models;

/// <summary>Source-generated System.Text.Json context: snake_case names, nulls omitted, snowflakes as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GatewayPayload))]
[JsonSerializable(typeof(HelloData))]
[JsonSerializable(typeof(IdentifyData))]
[JsonSerializable(typeof(ResumeData))]
[JsonSerializable(typeof(ReadyEvent))]
[JsonSerializable(typeof(GatewayBotInfo))]
[JsonSerializable(typeof(Application))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(InteractionCallback))]
[JsonSerializable(typeof(InteractionResolved))]
[JsonSerializable(typeof(Attachment))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(MessagePayload))]
[JsonSerializable(typeof(ApplicationCommand))]
[JsonSerializable(typeof(IReadOnlyList<ApplicationCommand>))]
[JsonSerializable(typeof(List<ApplicationCommand>))]
[JsonSerializable(typeof(DiscordErrorBody))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
public sealed partial class DiscordJsonContext : JsonSerializerContext;
