package io.ingestlens.processor.read;

/** Every case of {@link EventReaderTest} through Jackson's streaming parser. */
class JacksonEventReaderTest extends EventReaderTest {

  JacksonEventReaderTest() {
    reader = new JacksonEventReader();
  }
}
