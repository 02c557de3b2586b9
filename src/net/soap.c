/*
 * openmsdrm - SOAP envelopes (stub until implemented).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "net/soap.h"

#include "msdrmerror.h"

void soap_begin(struct xml_text *xml, const char *service_namespace, const struct soap_version_range *versions)
{
    (void)xml;
    (void)service_namespace;
    (void)versions;
}

void soap_end(struct xml_text *xml)
{
    (void)xml;
}

void soap_open_body_element(struct xml_text *xml, const char *name, const char *service_namespace)
{
    (void)xml;
    (void)name;
    (void)service_namespace;
}

HRESULT soap_write_certificates(struct xml_text *xml, const char *service_namespace, const struct rmpr_documents *chain)
{
    (void)xml;
    (void)service_namespace;
    (void)chain;
    return E_NOTIMPL;
}

void soap_write_fault(struct xml_text *xml, const char *exception_name, const char *text)
{
    (void)xml;
    (void)exception_name;
    (void)text;
}

HRESULT soap_read(const char *text, size_t length, struct soap_message *message)
{
    (void)text;
    (void)length;
    (void)message;
    return E_NOTIMPL;
}

void soap_message_clear(struct soap_message *message)
{
    (void)message;
}

struct _xmlNode * soap_child(struct _xmlNode *parent, const char *ns, const char *name)
{
    (void)parent;
    (void)ns;
    (void)name;
    return NULL;
}

struct _xmlNode * soap_next_element(struct _xmlNode *element)
{
    (void)element;
    return NULL;
}

struct _xmlNode * soap_first_element(struct _xmlNode *parent)
{
    (void)parent;
    return NULL;
}

bool soap_is_element(const struct _xmlNode *element, const char *ns, const char *name)
{
    (void)element;
    (void)ns;
    (void)name;
    return false;
}

HRESULT soap_text(struct _xmlNode *element, bool nil_is_null, char **text)
{
    (void)element;
    (void)nil_is_null;
    (void)text;
    return E_NOTIMPL;
}

HRESULT soap_attribute(struct _xmlNode *element, const char *name, char **value)
{
    (void)element;
    (void)name;
    (void)value;
    return E_NOTIMPL;
}

void soap_element_span(const struct soap_message *message, const struct _xmlNode *element, const char **start, size_t *length)
{
    (void)message;
    (void)element;
    (void)start;
    (void)length;
}

HRESULT soap_read_certificates(const struct soap_message *message, struct _xmlNode *array, const char *ns, struct rmpr_documents *chain)
{
    (void)message;
    (void)array;
    (void)ns;
    (void)chain;
    return E_NOTIMPL;
}

HRESULT soap_xrml_children(const struct soap_message *message, struct _xmlNode *parent, struct rmpr_documents *chain)
{
    (void)message;
    (void)parent;
    (void)chain;
    return E_NOTIMPL;
}

HRESULT soap_exception_name(const char *fault_string, char **name)
{
    (void)fault_string;
    (void)name;
    return E_NOTIMPL;
}
