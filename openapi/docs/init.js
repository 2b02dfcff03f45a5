// Swagger UI for this gateway: the spec from /openapi.json, "Try it out" against this origin,
// and no request to anywhere else (the online validator is off).
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: true,
  displayRequestDuration: true,
  defaultModelsExpandDepth: 0,
});
