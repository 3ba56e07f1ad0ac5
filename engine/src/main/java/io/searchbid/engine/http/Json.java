package io.searchbid.engine.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Strict JSON for the API: unknown fields, wrong types, trailing garbage and missing primitives are
 * refused with an {@link ApiError} that names the field (as a JSON path) and the rule.
 *
 * <p>Thread-safe (one shared {@link ObjectMapper}).
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses {@code body} as {@code type}, or throws {@link ApiError.Rejected} (400). */
  public static <T> T parse(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw ApiError.badRequest("missing_body", null, "request body must be a JSON object").toException();
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw ApiError.badRequest("missing_body", null, "request body must be a JSON object").toException();
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ApiError.badRequest("unknown_field", path(e), "unknown field '" + e.getPropertyName() + "'").toException();
    } catch (InvalidFormatException e) {
      throw ApiError.badRequest("wrong_type", path(e), "value " + e.getValue() + " is not a valid " + simpleType(e)).toException();
    } catch (MismatchedInputException e) {
      String field = path(e);
      throw ApiError.badRequest("wrong_type", field, "field " + (field == null ? "(body)" : field) + " must be " + simpleType(e)).toException();
    } catch (JsonMappingException e) {
      // e.g. a record constructor refusing a value: its message is ours and names field and rule
      Throwable cause = e.getCause();
      if (cause instanceof ApiError.Rejected r) {
        throw r;
      }
      if (cause instanceof IllegalArgumentException iae) {
        throw ApiError.badRequest("invalid_value", path(e), iae.getMessage()).toException();
      }
      throw ApiError.badRequest("malformed_json", path(e), "cannot read JSON: " + firstLine(e.getOriginalMessage())).toException();
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("malformed_json", null, "malformed JSON: " + firstLine(e.getOriginalMessage())).toException();
    } catch (IOException e) {
      throw ApiError.badRequest("malformed_json", null, "cannot read body").toException();
    }
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize response " + value.getClass().getSimpleName(), e);
    }
  }

  /** The error body {@code {"error":{"code","field","message"}}}. */
  public static byte[] errorBody(ApiError error) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("code", error.code());
    inner.put("field", error.field());
    inner.put("message", error.message());
    if (error.retryAfterSeconds() > 0) {
      inner.put("retryAfterSeconds", error.retryAfterSeconds());
    }
    return write(Map.of("error", inner));
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  private static String simpleType(MismatchedInputException e) {
    Class<?> t = e.getTargetType();
    if (t == null) {
      return "of another type";
    }
    if (t == long.class || t == Long.class || t == int.class || t == Integer.class) {
      return "an integer";
    }
    if (t == double.class || t == Double.class) {
      return "a number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "an array";
    }
    if (t.isEnum()) {
      return "one of " + java.util.Arrays.toString(t.getEnumConstants());
    }
    return "an object";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
