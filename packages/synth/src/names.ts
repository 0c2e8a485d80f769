/**
 * Invented names and words for the synthetic hospital: Spanish and Catalan names with the characters that
 * break character-set handling (ñ, ç, l·l, accents), and report phrases in the three languages such a
 * hospital writes in. Any resemblance to a real person is a coincidence of common names.
 */
export const GIVEN_FEMALE = ['María', 'Carmen', 'Núria', 'Montserrat', 'Laia', 'Lucía', 'Mercè', 'Ana', 'Pilar', 'Josefa', 'Àngels', 'Rocío', 'Elena', 'Marta', 'Ainhoa', 'Begoña', 'Sara', 'Jordina', 'Dolors', 'Emma'] as const;
export const GIVEN_MALE = ['José', 'Antonio', 'Jordi', 'Joan', 'Manuel', 'Francisco', 'Àlex', 'Pere', 'Iñaki', 'Javier', 'Òscar', 'Marc', 'Ramón', 'Xavier', 'Andrés', 'Sergi', 'David', 'Pau', 'Ángel', 'Martí'] as const;
export const SURNAMES = ['García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Puig', 'Ferrer', 'Vidal', 'Soler', 'Font', 'Serra', 'Castellví', 'Muñoz', 'Ibáñez', 'Gómez', 'Roca', 'Bosch', 'Vallès', 'Peña', 'Colell', 'Ortiz', 'Rovira', 'Casals', 'Núñez', 'Miró', 'Grau', 'Sala', 'Torrell', 'Ruiz', 'Fàbregas'] as const;
export const TOWNS = ['Valencia', 'Lleida', 'Girona', 'Reus', "L'Hospitalet", 'Sabadell', 'Terrassa', 'Castelló', 'Alacant', 'Gandia', 'Manresa', 'Vic'] as const;
export const STREETS = ['C/ Major', 'Av. Diagonal', 'C/ de la Pau', 'Pl. Espanya', 'C/ Sant Jordi', 'Av. Blasco Ibáñez', 'C/ Colón'] as const;
export const PHYSICIANS = ['Dr. Ferrer', 'Dra. Soler', 'Dr. Ibáñez', 'Dra. Puig', 'Dr. Núñez', 'Dra. Castellví'] as const;

export const INSTITUTION = 'Hospital Universitari Sintètic La Fe-Sant Pau';
export const INSTITUTION_ADDRESS = 'Av. Fernando Abril Martorell 106, 46026 València';

/** Report fragments by language; `{lesion}`, `{size}`, `{side}` are filled by the report writer. */
export const REPORT_PHRASES = {
  es: ['Se identifica {lesion} de {size} mm en {side}.', 'No se observan adenopatías significativas.', 'Comparado con estudio previo, sin cambios relevantes.', 'Conclusión: hallazgos sugestivos de malignidad, BI-RADS 5.'],
  ca: ["S'identifica {lesion} de {size} mm a {side}.", "No s'observen adenopaties significatives.", 'Comparat amb estudi previ, sense canvis rellevants.', 'Conclusió: troballes suggestives de malignitat.'],
  en: ['There is a {lesion} measuring {size} mm in the {side}.', 'No significant lymphadenopathy.', 'Compared with the prior study, no relevant change.', 'Impression: findings suspicious for malignancy.'],
} as const;
export type Language = keyof typeof REPORT_PHRASES;

export const LESIONS = { es: 'nódulo espiculado', ca: 'nòdul espiculat', en: 'spiculated nodule' } as const;
export const SIDES = { es: 'lóbulo superior derecho', ca: 'lòbul superior dret', en: 'right upper lobe' } as const;
