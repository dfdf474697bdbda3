using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Grid.Core.Api;

/// <summary>
/// Refuses an enum number that names no value of its enum, anywhere in a request (sort fields, status filters...):
/// proto3 keeps unknown numbers as they are, and a handler would otherwise treat them as a default or match nothing.
/// The refusal is INVALID_ARGUMENT naming the field and the values it takes.
/// </summary>
public static class RequestEnumCheck
{
    /// <summary>Whether a message type holds an enum field, itself or in a message it contains: the others are not walked.</summary>
    private static readonly ConcurrentDictionary<MessageDescriptor, bool> HoldsEnums = new();

    public static void Check(IMessage message) => Check(message, "");

    private static void Check(IMessage message, string path)
    {
        if (!HoldsEnums.GetOrAdd(message.Descriptor, ReachesEnum)) return;
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (DictionaryEntry entry in (IDictionary)value)
                    CheckValue(valueField, entry.Value, $"{name}[{entry.Key}]");
            }
            else if (field.IsRepeated)
            {
                var list = (IList)value;
                for (var i = 0; i < list.Count; i++) CheckValue(field, list[i], $"{name}[{i}]");
            }
            else
            {
                CheckValue(field, value, name);
            }
        }
    }

    private static void CheckValue(FieldDescriptor field, object? value, string name)
    {
        if (field.FieldType == FieldType.Enum && value is not null)
        {
            var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
            if (field.EnumType.FindValueByNumber(number) is null)
                throw GridException.InvalidArgument(name,
                    $"{number} is not a value of {field.EnumType.FullName} ({string.Join(", ", field.EnumType.Values.Select(v => $"{v.Name} = {v.Number}"))})");
        }
        else if (field.FieldType == FieldType.Message && value is IMessage message)
        {
            Check(message, name);
        }
    }

    private static bool ReachesEnum(MessageDescriptor root)
    {
        var seen = new HashSet<MessageDescriptor> { root };
        var pending = new Stack<MessageDescriptor>([root]);
        while (pending.TryPop(out var descriptor))
            foreach (var field in descriptor.Fields.InDeclarationOrder())
            {
                if (field.FieldType == FieldType.Enum) return true;
                if (field.FieldType == FieldType.Message && seen.Add(field.MessageType)) pending.Push(field.MessageType);
            }
        return false;
    }
}
