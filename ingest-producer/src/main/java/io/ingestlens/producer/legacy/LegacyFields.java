package io.ingestlens.producer.legacy;

import java.util.Set;

/** The legacy field names, exactly as the hourly job writes them. */
public final class LegacyFields {

  public static final String ETAT = "Etat";
  public static final String SOURCE = "Source";
  public static final String OBJET = "Objet";
  public static final String ENTREPRISE = "Entreprise";
  public static final String ZONE = "Zone";
  public static final String DEBUT = "Debut";
  public static final String FIN = "Fin";
  public static final String DUREE = "Duree secondes";
  public static final String CPU = "cpu_time (sec)";
  public static final String MEMORY = "memory_used (bytes)";
  public static final String DESCRIPTION = "Description";

  /** Every other field of a record is kept verbatim in the event's {@code extra}. */
  public static final Set<String> KNOWN =
      Set.of(ETAT, SOURCE, OBJET, ENTREPRISE, ZONE, DEBUT, FIN, DUREE, CPU, MEMORY, DESCRIPTION);

  private LegacyFields() {}
}
